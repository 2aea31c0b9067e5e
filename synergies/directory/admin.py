from django.contrib import admin

from synergies.core.admin import AuditedModelAdmin
from synergies.directory.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "territory", "siret", "ref", "department", "is_demo"]
    list_filter = ["kind", "territory", "is_demo"]
    search_fields = ["name", "siret", "ref"]
