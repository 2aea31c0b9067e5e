from ninja.security import HttpBearer, SessionAuth

from synergies.accounts.services import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer syn_…` with a personal token (see /compte/jetons/)."""

    openapi_description = "Jeton personnel créé sur la page « Jetons d'API » de votre compte."

    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


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
