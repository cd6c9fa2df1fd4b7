"""DRF permission classes (a module of their own: settings import it before DRF's views exist)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class BusinessAccountsOnly(BasePermission):
    """三员分立 on the API: the administrators read no business data (default for every endpoint)."""

    message = _("管理员账号不能查看或办理业务数据（三员分立）。")

    def has_permission(self, request, view):
        from .permissions import is_administrator

        return not is_administrator(request.user)
