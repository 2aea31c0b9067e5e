from django.contrib import admin

from synergies.core.admin import AuditedModelAdmin
from synergies.territories.models import (
    Convention,
    ConventionDocument,
    ConventionParty,
    Department,
    Objective,
    Territory,
)


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Territory)
class TerritoryAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "slug"]
    search_fields = ["name", "code"]
    inlines = [DepartmentInline]

    def _territory_of(self, obj):
        return obj


class PartyInline(admin.TabularInline):
    model = ConventionParty
    extra = 0


class ObjectiveInline(admin.StackedInline):
    model = Objective
    extra = 0


@admin.register(Convention)
class ConventionAdmin(AuditedModelAdmin):
    list_display = ["title", "territory", "signed_on"]
    inlines = [PartyInline, ObjectiveInline]


@admin.register(ConventionDocument)
class ConventionDocumentAdmin(AuditedModelAdmin):
    list_display = ["title", "convention", "visibility", "created_at"]
    list_filter = ["visibility"]
    readonly_fields = ["file", "original_name", "content_type", "size", "uploaded_by"]

    def has_add_permission(self, request):
        return False  # uploads go through the guarded form of the convention page
