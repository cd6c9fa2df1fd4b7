from django.contrib import admin

from core.admin import AuditedAdminMixin

from .models import FigureGrant, FigureImport, Report


@admin.register(FigureGrant)
class FigureGrantAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Which department imports which figure columns: data the office may change."""

    list_display = ("department_code", "metric")
    list_filter = ("department_code",)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through the workflow services (pages and API)."""

    list_display = ("id", "enterprise", "year", "month", "version", "state", "submitted_at", "decided_at")
    list_filter = ("year", "month", "state")
    list_select_related = ("enterprise",)
    search_fields = ("enterprise__name", "enterprise__uscc")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FigureImport)
class FigureImportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "department", "actor", "file_name", "status", "rows", "figures", "seconds")
    list_filter = ("status", "department")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
