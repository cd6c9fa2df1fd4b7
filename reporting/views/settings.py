"""Reporting calendars (the office) and enterprise accounts (towns)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from core.actions import run_action
from core.exceptions import Conflict
from core.permissions import require
from core.web import errors_to_form, form_errors_to_messages, page_of
from enterprises.models import Enterprise
from programs.models import Pool, Programme

from .. import permissions, services
from ..forms import (
    CalendarForm,
    InviteForm,
)
from ..models import ReportingCalendar
from ..notice import invitation_notice

# --- reporting calendars ---------------------------------------------------------------------------


@login_required
def calendars(request):
    require(permissions.can_manage_calendars(request.user))
    programme = Programme.objects.visible_to(request.user).current()
    if programme is None:
        raise Http404("programme")
    pools = list(Pool.objects.filter(programme=programme).select_related("path").order_by("order"))
    rows = {c.pool_id: c for c in ReportingCalendar.objects.filter(pool__in=pools)}
    if request.method == "POST":
        pool = get_object_or_404(Pool, pk=request.POST.get("pool"), programme=programme)
        form = CalendarForm(request.POST)
        if form.is_valid():
            if run_action(
                request,
                lambda: services.calendar_set(actor=request.user, pool=pool, **form.cleaned_data),
                success=_("“%(pool)s”报送日历已保存，未提交的月报截止日期将随之调整。") % {"pool": pool.name},
            ):
                return redirect("reporting:calendars")
        else:
            form_errors_to_messages(request, form)
    table = []
    for pool in pools:
        cal = rows.get(pool.pk) or ReportingCalendar(pool=pool)
        table.append({"pool": pool, "calendar": cal, "custom": pool.pk in rows})
    return render(request, "reporting/calendars.html", {"programme": programme, "rows": table})


# --- enterprise accounts ---------------------------------------------------------------------------


@login_required
def enterprise_accounts(request):
    require(permissions.can_invite_enterprise_user(request.user))
    form = InviteForm(request.POST or None, user=request.user)
    link = notice = None
    if request.method == "POST" and form.is_valid():
        try:
            user, token = services.enterprise_user_invite(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            link = request.build_absolute_uri(reverse("reporting:invitation", args=[token]))
            messages.success(
                request,
                _(
                    "已为“%(enterprise)s”开设账号 %(username)s。请将下方链接交给本人设置密码（%(days)s天内有效，仅显示一次）。"
                )
                % {
                    "enterprise": user.enterprise.name,
                    "username": user.username,
                    "days": settings.PORTAL_INVITATION_DAYS,
                },
            )
            notice = invitation_notice(account=user, link=link, issuer=request.user)
            form = InviteForm(user=request.user)
    # The invitation link is shown in this response only: never in a flash message, whose storage is a
    # cookie (or the session), so the one-time token is kept neither by the browser nor by the server.
    accounts = (
        User.objects.filter(role=Role.ENTERPRISE, enterprise__in=Enterprise.objects.visible_to(request.user))
        .select_related("enterprise", "enterprise_invitation")
        .order_by("enterprise__name", "username")
    )
    return render(
        request,
        "reporting/accounts.html",
        {"form": form, "link": link, "notice": notice, "page": page_of(request, accounts)},
    )


@login_required
@require_POST
def enterprise_reinvite(request, pk):
    user = get_object_or_404(
        User.objects.filter(role=Role.ENTERPRISE, enterprise__in=Enterprise.objects.visible_to(request.user)),
        pk=pk,
    )
    try:
        token = services.enterprise_user_reinvite(actor=request.user, user=user)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("reporting:accounts")
    link = request.build_absolute_uri(reverse("reporting:invitation", args=[token]))
    # Shown in this response only (a flash message would keep the token in a cookie).
    notice = invitation_notice(account=user, link=link, issuer=request.user)
    return render(
        request, "reporting/invitation_link.html", {"link": link, "account": user, "notice": notice}
    )


def invitation(request, token):
    """Public: the invited person sets a password; the account becomes active."""
    from django.contrib.auth.forms import SetPasswordForm

    from core.forms import BootstrapFormMixin

    class _Form(BootstrapFormMixin, SetPasswordForm):
        pass

    found = services.invitation_for(token)
    if found is None:
        return render(request, "reporting/invitation.html", {"invalid": True}, status=404)
    form = _Form(found.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except Conflict as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            form.add_error("new_password1", exc.messages)
        else:
            messages.success(
                request, _("密码已设置，请使用账号 %(username)s 登录。") % {"username": found.user.username}
            )
            return redirect("accounts:login")
    return render(request, "reporting/invitation.html", {"form": form, "invitation": found})
