from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.conf import settings

from synergies.accounts.proconnect import views as proconnect
from synergies.accounts.roles import roles_of

_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def login_lockout_minutes() -> int:
    """How long a person locked out after failed logins waits at most: the longest period of
    ACCOUNT_RATE_LIMITS["login_failed"] (« 10/m/ip,5/5m/key » → 5 minutes)."""
    longest = 60
    for rule in settings.ACCOUNT_RATE_LIMITS.get("login_failed", "").split(","):
        parts = rule.strip().split("/")
        if len(parts) >= 2 and parts[1]:
            amount, unit = parts[1][:-1] or "1", parts[1][-1]
            if amount.isdigit() and unit in _PERIOD_SECONDS:
                longest = max(longest, int(amount) * _PERIOD_SECONDS[unit])
    return max(1, round(longest / 60))


class AccountAdapter(DefaultAccountAdapter):
    @property
    def error_messages(self):
        minutes = login_lockout_minutes()
        return {
            **DefaultAccountAdapter.error_messages,
            "too_many_login_attempts": (
                f"Trop de tentatives de connexion échouées : réessayez dans {minutes} minute{'s' if minutes > 1 else ''}, "
                "ou réinitialisez votre mot de passe (« Mot de passe oublié »)."
            ),
        }

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
