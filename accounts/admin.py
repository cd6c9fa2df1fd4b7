from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin import AuditedAdminMixin

from .models import User


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    list_display = (
        "username",
        "last_name",
        "first_name",
        "role",
        "town",
        "department",
        "enterprise",
        "is_active",
        "last_login",
    )
    list_filter = ("role", "is_active", "town", "department")
    list_select_related = ("town", "department", "enterprise")
    search_fields = ("username", "last_name", "first_name", "phone", "enterprise__name")
    autocomplete_fields = ("enterprise",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("last_name", "first_name", "email", "phone")}),
        (_("角色与单位"), {"fields": ("role", "town", "department", "enterprise")}),
        (_("状态"), {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "password1", "password2", "role", "town", "department", "enterprise"),
            },
        ),
    )
