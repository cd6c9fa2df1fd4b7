"""The portal's own error pages (400, 403, 404, 429, 500 and a refused CSRF check): in the portal's
layout and language, saying what happened and where to go. Under the API prefix the answer is JSON
with the same sentence, as every other API error is."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .web import API_PREFIX

TEMPLATE = "errors/error.html"


def _titles() -> dict[int, tuple[str, str]]:
    """status → (heading, what happened and what to do)."""
    return {
        400: (_("请求有误"), _("页面收到的请求不完整或格式不对。请返回上一页重新操作。")),
        403: (_("无权访问"), _("您的账号没有打开此页面的权限。如需办理，请联系本单位管理员。")),
        404: (_("页面不存在"), _("要找的页面或记录不存在，可能已被删除，或链接有误。")),
        429: (_("操作过于频繁"), _("短时间内请求次数过多，请稍后再试。")),
        500: (_("系统出错"), _("系统处理时出错，已记录。请稍后再试；问题持续时请联系系统管理员。")),
    }


def error_response(request, status: int, reason: str = "", template: str = TEMPLATE):
    heading, explanation = _titles()[status]
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": reason or explanation}, status=status)
    context = {"status": status, "heading": heading, "explanation": explanation, "reason": reason}
    return render(request, template, context, status=status)


def _reason(exception) -> str:
    """The sentence a permission gave (PermissionDenied(reason)); Django's own English is not shown."""
    if exception is None or not exception.args:
        return ""
    reason = str(exception.args[0])
    # A resolver's 404 carries a dict of tried patterns; a reason is a sentence of ours.
    return reason if isinstance(exception.args[0], str) and reason[-1:] in "。！？." else ""


@requires_csrf_token
def bad_request(request, exception=None):
    return error_response(request, 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return error_response(request, 403, _reason(exception))


@requires_csrf_token
def page_not_found(request, exception=None):
    return error_response(request, 404)


@requires_csrf_token
def server_error(request):
    """500: the full layout when it can be drawn; a bare page when drawing it fails too (the database
    may be what broke)."""
    try:
        return error_response(request, 500)
    except Exception:  # noqa: BLE001 - the page of last resort must not fail
        from django.http import HttpResponseServerError

        heading, explanation = _titles()[500]
        return HttpResponseServerError(f"<!doctype html><h1>{heading}</h1><p>{explanation}</p>")


def too_many_requests(request, reason: str = ""):
    return error_response(request, 429, reason)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: the form was open too long or the page came from elsewhere (403)."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("请求未通过安全校验，请刷新页面后重试。")}, status=403)
    context = {
        "status": 403,
        "heading": _("页面已过期"),
        "explanation": _(
            "表单未通过安全校验：页面打开时间过长，或您已在别处退出登录。请返回上一页，刷新后重新提交。"
        ),
        "reason": "",
    }
    return render(request, TEMPLATE, context, status=403)
