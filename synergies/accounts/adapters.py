from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.conf import settings

from synergies.accounts.proconnect import views as proconnect
from synergies.accounts.roles import roles_of


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return settings.SYNERGIES_SIGNUP_OPEN

    def get_logout_redirect_url(self, request):
        """Someone who came through ProConnect is logged out there too (required by ProConnect)."""
        id_token = request.session.get(proconnect.ID_TOKEN_SESSION_KEY)
        if id_token:
            return proconnect.end_session_url(request, id_token) or super().get_logout_redirect_url(request)
        return super().get_logout_redirect_url(request)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin):
        if sociallogin.account.provider == proconnect.PROVIDER_ID:
            proconnect.id_token_keep(sociallogin)
            try:
                proconnect.nonce_check(sociallogin)
            except OAuth2Error as error:
                raise ImmediateHttpResponse(
                    render_authentication_error(request, sociallogin.provider, exception=error)
                ) from error

    def is_open_for_signup(self, request, sociallogin):
        # Agents federated by ProConnect may always create their account, even if sign-up is closed.
        return sociallogin.account.provider == proconnect.PROVIDER_ID or settings.SYNERGIES_SIGNUP_OPEN


class MfaAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        """A role that requires MFA cannot switch its last TOTP off."""
        return not roles_of(authenticator.user).requires_mfa
