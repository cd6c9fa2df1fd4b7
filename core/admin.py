from django.contrib import admin

from . import audit
from .models import AuditLog


class AuditedAdminMixin:
    """Admin writes leave the same audit rows as the portal's services."""

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        audit.record_saved(actor=request.user, instance=obj, before=before, event="admin.save")

    def delete_model(self, request, obj):
        audit.record(
            actor=request.user,
            action=audit.AuditAction.DELETE,
            instance=obj,
            before=audit.snapshot(obj),
            event="admin.delete",
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdminMixin:
    """For records that change only through services (workflows, imports) or never (the audit trail)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "actor_username", "ip", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("actor_username", "object_repr", "object_id")
    date_hierarchy = "created_at"
    list_select_related = ("content_type",)

    # The trail is the audit administrator's alone (三员分立): not the system administrator's, not a
    # superuser's, whatever Django permissions they hold.
    def has_view_permission(self, request, obj=None):
        # The same rule as AuditLog.visible_to, asked through the user (core cannot import accounts).
        allowed = getattr(request.user, "can_read_audit_trail", None)
        return bool(request.user.is_authenticated and allowed is not None and allowed())

    def has_module_permission(self, request):
        return self.has_view_permission(request)
