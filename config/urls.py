from django.contrib import admin
from django.urls import include, path

from synergies.api.api import api_urls

admin.site.site_header = "Administration de Synergies"
admin.site.site_title = "Synergies"
admin.site.index_title = "Administration de la plateforme"

urlpatterns = [
    path("", include("synergies.core.urls")),
    path("compte/", include("synergies.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("territoires/", include("synergies.territories.urls")),
    path("organisations/", include("synergies.directory.urls")),
    path("api/v1/", api_urls()),
    path("admin/", admin.site.urls),
]
