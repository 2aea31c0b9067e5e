from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from synergies.accounts.roles import MFA_REQUIRED_MESSAGE
from synergies.api import accounts, directory, governance, matching, opportunities, territories
from synergies.api.auth import AUTHENTICATED, MfaEnrolmentRequired
from synergies.core.exceptions import ApplicationError

api = NinjaAPI(
    title="API Synergies",
    version="1",
    description=(
        "API de la plateforme des conventions armées–territoire. Authentification par jeton personnel "
        "(`Authorization: Bearer …`, voir la page « Jetons d'API » de votre compte) ou par session. "
        "Chaque réponse ne contient que ce que votre rôle vous permet de voir."
    ),
    auth=AUTHENTICATED,
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/territories", territories.router)
api.add_router("/", accounts.router)
api.add_router("/", directory.router)
api.add_router("/", opportunities.router)
api.add_router("/", matching.router)
api.add_router("/", governance.router)


@api.exception_handler(ApplicationError)
def application_error(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=400)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": "Vous n'avez pas accès à cette ressource."}, status=403)


@api.exception_handler(MfaEnrolmentRequired)
def mfa_enrolment_required(request, exc):
    return api.create_response(request, {"detail": MFA_REQUIRED_MESSAGE}, status=403)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return api.create_response(request, {"detail": "Authentification requise (jeton ou session)."}, status=401)


def api_urls():
    """The API's URL patterns, exempt from LoginRequiredMiddleware: each operation has its own auth."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False
    return patterns, app_name, namespace
