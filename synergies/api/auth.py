from ninja.security import HttpBearer, SessionAuth

from synergies.accounts.roles import roles_of
from synergies.accounts.services import api_token_authenticate


class MfaEnrolmentRequired(Exception):
    """A token of a person whose role requires MFA, before they enrolled: a 403 that says what to do."""


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer syn_…` with a personal token (see /compte/jetons/)."""

    openapi_description = "Jeton personnel créé sur la page « Jetons d'API » de votre compte."

    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            if roles_of(user).mfa_missing:
                raise MfaEnrolmentRequired
            request.user = user
        return user


def request_user(request):
    """The person behind an API request (token or session), or the anonymous user."""
    from django.contrib.auth.models import AnonymousUser

    return request.auth if getattr(request.auth, "is_authenticated", False) else AnonymousUser()


class OptionalAuth:
    """Public endpoints: a token or a session, when present, widens what the caller sees."""

    def __call__(self, request):
        bearer = request.headers.get("Authorization", "")
        if bearer.lower().startswith("bearer "):
            return ApiTokenAuth()(request) or None
        return request.user if request.user.is_authenticated else True


token_auth = ApiTokenAuth()
session_auth = SessionAuth(csrf=True)
AUTHENTICATED = [token_auth, session_auth]
