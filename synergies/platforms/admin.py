from django.contrib import admin

from synergies.core.admin import AuditedModelAdmin
from synergies.platforms.models import AccessRequest, Booking, Platform, Resource


@admin.register(Platform)
class PlatformAdmin(AuditedModelAdmin):
    list_display = ["name", "operator", "territory", "visibility", "is_published", "is_demo"]
    list_filter = ["territory", "visibility", "is_published"]
    search_fields = ["name", "operator__name"]
    raw_id_fields = ["operator"]
    filter_horizontal = ["capabilities"]
    exclude = ["restricted_to"]


@admin.register(Resource)
class ResourceAdmin(AuditedModelAdmin):
    list_display = ["name", "platform", "kind", "capacity", "self_service", "archived_at"]
    list_filter = ["kind", "self_service"]
    search_fields = ["name", "platform__name"]


@admin.register(AccessRequest)
class AccessRequestAdmin(AuditedModelAdmin):
    list_display = ["title", "platform", "organisation", "status", "submitted_at"]
    list_filter = ["status"]
    raw_id_fields = ["platform", "organisation", "requester", "decided_by"]


@admin.register(Booking)
class BookingAdmin(AuditedModelAdmin):
    list_display = ["resource", "starts_at", "ends_at", "organisation", "status"]
    list_filter = ["status"]
    raw_id_fields = ["resource", "allocation", "organisation", "booked_by", "use_recorded_by"]
