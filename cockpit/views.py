"""The cockpit page (领导驾驶舱), its xlsx export and the office's entered actuals. Thin: reads come
from selectors (summary tables only), writes from services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require
from core.web import errors_to_form
from core.xlsx import XLSX_CONTENT_TYPE
from programs.models import Programme

from . import permissions, selectors, services
from .forms import ActualEntryForm
from .models import ActualEntry


def _int(raw) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and len(text) <= 4 else None


def _cockpit(request):
    require(permissions.can_view_cockpit(request.user))
    return selectors.cockpit_for(
        request.user, year=_int(request.GET.get("year")), month=_int(request.GET.get("month"))
    )


@login_required
def index(request):
    cockpit = _cockpit(request)
    latest = services.as_of_month(cockpit.year, timezone.localdate()) if cockpit else 0
    return render(
        request,
        "cockpit/index.html",
        {
            "cockpit": cockpit,
            "chart": cockpit.chart() if cockpit else {},
            "months": range(1, latest + 1),
            "blacklist_url": selectors.blacklist_url(cockpit.as_of) if cockpit else "",
            "can_enter": permissions.can_enter_actuals(request.user),
        },
    )


@login_required
def export(request):
    from .xlsx import cockpit_workbook

    cockpit = _cockpit(request)
    if cockpit is None:
        return redirect("cockpit:index")
    audit.record(
        actor=request.user,
        action=audit.AuditAction.EXPORT,
        event="export.cockpit",
        params={"year": cockpit.year, "month": cockpit.month},
    )
    response = HttpResponse(cockpit_workbook(cockpit), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename=cockpit-{cockpit.year}-{cockpit.month:02d}.xlsx"
    return response


@login_required
def actuals(request):
    require(permissions.can_enter_actuals(request.user))
    programme = Programme.objects.visible_to(request.user).current()
    if programme is None:
        return redirect("cockpit:index")
    form = ActualEntryForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.actual_entry_save(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("已保存完成值，驾驶舱将在稍后刷新。"))
            return redirect("cockpit:actuals")
    entries = ActualEntry.objects.visible_to(request.user).select_related("indicator", "entered_by")
    return render(request, "cockpit/actuals.html", {"form": form, "entries": entries, "programme": programme})
