from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings

from synergies.accounts.roles import roles_of


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return settings.SYNERGIES_SIGNUP_OPEN


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """ProConnect sends `given_name` and `usual_name` (the family name in use)."""

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        claims = sociallogin.account.extra_data or {}
        userinfo = claims.get("userinfo", claims)
        user.first_name = (userinfo.get("given_name") or user.first_name or "")[:150]
        user.last_name = (userinfo.get("usual_name") or userinfo.get("family_name") or user.last_name or "")[:150]
        return user


class MfaAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        """A role that requires MFA cannot switch its last TOTP off."""
        return not roles_of(authenticator.user).requires_mfa
