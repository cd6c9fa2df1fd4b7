from django.contrib import admin

from core.admin import AuditedAdminMixin

from .models import Enterprise, Project


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "uscc", "town", "industry", "leading_industry", "is_above_scale")
    list_filter = ("town", "leading_industry", "is_above_scale")
    list_select_related = ("town", "industry", "leading_industry")
    search_fields = ("name", "uscc")


@admin.register(Project)
class ProjectAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "enterprise", "town", "total_investment", "status")
    list_filter = ("town", "status", "leading_industry")
    list_select_related = ("enterprise", "town")
    search_fields = ("name", "enterprise__name")
    autocomplete_fields = ("enterprise",)
