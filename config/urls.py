from django.contrib import admin
from django.urls import include, path

from synergies.api.api import api_urls

admin.site.site_header = "Administration de Synergies"
admin.site.site_title = "Synergies"
admin.site.index_title = "Administration de la plateforme"

urlpatterns = [
    path("", include("synergies.site.urls")),
    path("compte/", include("synergies.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("territoires/", include("synergies.territories.urls")),
    path("organisations/", include("synergies.directory.urls")),
    path("opportunites/", include("synergies.opportunities.urls")),
    path("competences/", include("synergies.matching.urls")),
    path("pilotage/", include("synergies.governance.urls")),
    path("plateformes/", include("synergies.platforms.urls")),
    path("evenements/", include("synergies.events.urls")),
    path("cohesion/", include("synergies.cohesion.urls")),
    path("api/v1/", api_urls()),
    path("admin/", admin.site.urls),
]


def _mark_public(patterns, names):
    """allauth's social-login outcome pages must reach a visitor who is not logged in yet."""
    for entry in patterns:
        if hasattr(entry, "url_patterns"):
            _mark_public(entry.url_patterns, names)
        elif getattr(entry, "name", None) in names:
            entry.callback.login_required = False


_mark_public(urlpatterns, {"socialaccount_login_error", "socialaccount_login_cancelled"})
