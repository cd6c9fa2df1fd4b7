from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin import AuditedAdminMixin

from . import permissions, services
from .models import User

# Authenticators are reset only through the audited action below, never edited or deleted raw (the
# package's own admin would also show their secrets).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


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
    actions = ["reset_two_factor"]

    def has_reset_two_factor_permission(self, request):
        return bool(permissions.can_reset_two_factor(request.user))

    @admin.action(description=_("重置两步验证（手机丢失或更换）"), permissions=["reset_two_factor"])
    def reset_two_factor(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                services.two_factor_reset(actor=request.user, user=user)
            except PermissionDenied as exc:
                self.message_user(request, f"{user}：{exc}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                gettext("已重置 %(count)d 个账号的两步验证，本人下次登录时重新绑定。") % {"count": done},
                messages.SUCCESS,
            )
