from django.contrib import admin

from synergies.core import audit
from synergies.core.models import AuditEntry


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin writes leave an audit entry too, like the services' writes."""

    def _territory_of(self, obj):
        return getattr(obj, "territory", None)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changes = {name: str(form.cleaned_data.get(name)) for name in form.changed_data}
        audit.record(
            actor=request.user,
            action="admin_updated" if change else "admin_created",
            target=obj,
            territory=self._territory_of(obj),
            changes=changes,
        )

    def delete_model(self, request, obj):
        audit.record(actor=request.user, action="admin_deleted", target=obj, territory=self._territory_of(obj))
        super().delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_repr", "action", "object_repr", "territory"]
    list_filter = ["action", "territory"]
    search_fields = ["actor_repr", "object_repr"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
