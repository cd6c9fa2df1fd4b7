from django.contrib import admin

from core.admin import AuditedAdminMixin, ReadOnlyAdminMixin

from .models import FigureGrant, FigureImport, Report


@admin.register(FigureGrant)
class FigureGrantAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Which department imports which figure columns: data the office may change."""

    list_display = ("department_code", "metric")
    list_filter = ("department_code",)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: reports change only through the workflow services (pages and API)."""

    list_display = ("id", "enterprise", "year", "month", "version", "state", "submitted_at", "decided_at")
    list_filter = ("year", "month", "state")
    list_select_related = ("enterprise",)
    search_fields = ("enterprise__name", "enterprise__uscc")


@admin.register(FigureImport)
class FigureImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "department", "actor", "file_name", "status", "rows", "figures", "seconds")
    list_filter = ("status", "department")
