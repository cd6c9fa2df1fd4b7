from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from .models import Nomination, NominationWindow


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: nominations change only through the workflow services (pages and API)."""

    list_display = ("id", "year", "pool", "town", "enterprise", "project", "state", "eligible", "updated_at")
    list_filter = ("year", "state", "eligible", "pool", "town")
    list_select_related = ("pool", "town", "enterprise", "project")
    search_fields = ("enterprise__name", "enterprise__uscc", "project__name")


@admin.register(NominationWindow)
class NominationWindowAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("year", "pool", "opens_on", "closes_on", "closed_at")
