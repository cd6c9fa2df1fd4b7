"""Django admin for accounts, as the system administrator uses it (三员分立).

The system administrator (`admin` role) manages business accounts only: it sees no administrator or
superuser account (its own included), offers only business roles, and never shows staff, superuser,
group or permission fields. Administrator accounts are a superuser's to create (`createsuperuser`
on the server); nobody changes their own role or flags. Staff status and admin rights follow the
role (`sync_administrator_rights`). Passwords set here, deactivations and unlocks are audited, and
end the account's API tokens."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from core.admin import AuditedAdminMixin

from . import permissions, services
from .models import BUSINESS_ROLES, Role, User
from .permissions import can_manage_administrators

# Tokens are revoked on the security administrator's page; an admin list of them is not needed.
admin.site.unregister(AuthToken)
# Authenticators are reset only through the audited action below or the security administrator's page,
# never edited or deleted raw (the package's own admin would also show their secrets).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)

_SELF_LOCKED = ("role", "is_superuser", "is_active")


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
        "bank",
        "is_active",
        "last_login",
    )
    list_filter = ("role", "is_active", "town", "department", "bank")
    list_select_related = ("town", "department", "enterprise", "bank")
    search_fields = ("username", "last_name", "first_name", "phone", "enterprise__name")
    autocomplete_fields = ("enterprise",)
    readonly_fields = ("last_login", "date_joined")
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "password1",
                    "password2",
                    "role",
                    "town",
                    "department",
                    "enterprise",
                    "bank",
                ),
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

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        status = ("is_active", "last_login", "date_joined")
        if can_manage_administrators(request.user):
            status = ("is_active", "is_superuser", "last_login", "date_joined")
        return (
            (None, {"fields": ("username", "password")}),
            (_("个人信息"), {"fields": ("last_name", "first_name", "email", "phone")}),
            (_("角色与单位"), {"fields": ("role", "town", "department", "enterprise", "bank")}),
            (_("状态"), {"fields": status}),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            readonly += _SELF_LOCKED
        return readonly

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if can_manage_administrators(request.user):
            return qs
        return qs.filter(role__in=BUSINESS_ROLES, is_superuser=False)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not can_manage_administrators(request.user):
            kwargs["choices"] = [("", "---------"), *((r.value, r.label) for r in map(Role, BUSINESS_ROLES))]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        was_active = change and User.objects.filter(pk=obj.pk, is_active=True).exists()
        super().save_model(request, obj, form, change)
        services.sync_administrator_rights(obj)
        if was_active and not obj.is_active:
            services.api_tokens_revoke_all(user=obj, actor=request.user, reason="account deactivated")

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        before = user.password if user is not None else None
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if user is not None and request.method == "POST":
                user.refresh_from_db(fields=["password"])
                if user.password != before:
                    services.user_password_changed(user=user, actor=request.user, by_admin=True)
        return response


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AuditedAccessAttemptAdmin(AccessAttemptAdmin):
    """axes' list of failed sign-ins: deleting a row unlocks the account, and leaves an audit row."""

    def delete_model(self, request, obj):
        services.lockout_clear(attempt=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for attempt in queryset:
            services.lockout_clear(attempt=attempt, actor=request.user)
