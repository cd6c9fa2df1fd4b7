"""The sign-in lockout (django-axes) in the portal's words: one message, quoting the settings."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.web import API_PREFIX


def cooloff_minutes() -> int:
    """AXES_COOLOFF_TIME (hours, or a timedelta) in whole minutes."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off()
    return round(cool_off.total_seconds() / 60) if cool_off else 0


def lockout_message() -> str:
    return _("登录失败次数过多，账号已暂时锁定。请 %(minutes)d 分钟后再试，或联系安全管理员解锁。") % {
        "minutes": cooloff_minutes()
    }


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 429 with the same sentence on the sign-in page and on the API."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return render(request, "accounts/locked_out.html", {"lockout_message": lockout_message()}, status=status)
