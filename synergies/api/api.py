from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from synergies.accounts.roles import MFA_REQUIRED_MESSAGE
from synergies.api import (
    accounts,
    cohesion,
    directory,
    events,
    governance,
    matching,
    opportunities,
    platforms,
    territories,
)
from synergies.api.auth import AUTHENTICATED, MfaEnrolmentRequired
from synergies.core.exceptions import ApplicationError

# Every refusal of the API has this body; its status says why.
_ERRORS = {
    "400": "Requête refusée (règle métier ou valeur invalide) ; `detail` dit pourquoi, en français.",
    "401": "Authentification requise (jeton ou session).",
    "403": "Votre rôle ne le permet pas, ou il impose la double authentification que vous n'avez pas activée.",
    "404": "Introuvable, ou invisible pour votre rôle.",
    "422": "Corps ou paramètres ne respectant pas le schéma.",
}


class SynergiesApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """Documents the error answers every operation may give (Django Ninja lists only the 200)."""
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = {
            "title": "Error",
            "type": "object",
            "properties": {"detail": {"title": "Detail", "description": "Message en français."}},
            "required": ["detail"],
        }
        for path in schema["paths"].values():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                for code, description in _ERRORS.items():
                    responses.setdefault(
                        code,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        },
                    )
        return schema


api = SynergiesApi(
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
api.add_router("/", platforms.router)
api.add_router("/", events.router)
api.add_router("/", cohesion.router)


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
