from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from synergies.accounts.models import ApiToken, Invitation, OrganisationMembership, TerritoryRole, User
from synergies.core.admin import AuditedModelAdmin


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_national_steering", "is_superuser", "is_active", "is_demo"]
    list_filter = ["is_national_steering", "is_superuser", "is_active", "is_demo"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name"]}),
        ("Rôles", {"fields": ["is_national_steering", "is_active", "is_staff", "is_superuser", "is_demo"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    def _territory_of(self, obj):
        return obj.organisation.territory


@admin.register(TerritoryRole)
class TerritoryRoleAdmin(AuditedModelAdmin):
    list_display = ["user", "territory", "kind", "party", "organisation"]
    list_filter = ["territory", "kind", "party"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "organisation", "territory", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["kind"]
    search_fields = ["email"]
    readonly_fields = ["token"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["user__email", "name"]
    readonly_fields = ["prefix", "key_hash", "last_used_at"]
