"""Monthly report pages: list, start, edit, submit, confirm, return, correct."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import Conflict
from core.list_pages import filtered_list
from core.permissions import require
from core.web import errors_to_form, errors_to_messages

from .. import permissions, selectors, services
from ..figures import (
    FIGURE_CODES,
    Resolved,
    explain_growth,
    label_of,
    period_label,
    unit_of,
)
from ..forms import (
    ReportFilterForm,
    ReportForm,
    ReportStartForm,
)
from ..models import DevelopmentPlan, MilestoneStatus, ReportState
from ..workflow import REPORTS, TRANSITIONS

# --- reports ---------------------------------------------------------------------------------------


@login_required
def report_list(request):
    return filtered_list(
        request,
        ReportFilterForm,
        selectors.reports_for,
        template="reporting/report_list.html",
        table="reporting/_report_table.html",
        can_start=permissions.can_start_report(request.user),
        start_form=ReportStartForm(),
    )


@login_required
def report_start(request):
    require(permissions.can_start_report(request.user))
    form = ReportStartForm(request.POST or request.GET or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_start(actor=request.user, **form.cleaned_data)
        except Conflict as exc:
            messages.info(request, exc.message)
            existing = (
                selectors.reports_for(
                    request.user, year=form.cleaned_data["year"], month=form.cleaned_data["month"]
                )
                .exclude(state=ReportState.SUPERSEDED)
                .first()
            )
            return (
                redirect("reporting:report_detail", pk=existing.pk)
                if existing
                else redirect("reporting:report_list")
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("已创建%(period)s月报草稿，请填写后提交。")
                % {"period": period_label(report.year, report.month)},
            )
            return redirect("reporting:report_edit", pk=report.pk)
    return render(request, "reporting/report_start.html", {"form": form})


def _plans_for_report(report) -> dict:
    return {
        p.nomination_id: p
        for p in DevelopmentPlan.objects.filter(
            nomination_id__in=[e.nomination_id for e in report.entries.all()]
        ).prefetch_related("milestones")
    }


@login_required
def report_detail(request, pk):
    report = selectors.report_get(request.user, pk)
    user = request.user
    actions = REPORTS.available(report, user)
    sheet = selectors.figures_for(report.enterprise, report.year)
    previous = selectors.previous_month_ytd(report.enterprise_id, report.year, report.month)
    rows = []
    for code in FIGURE_CODES:
        growth = sheet.monthly_growth(code, report.month)
        value, ytd = report.figure(code, "value"), report.figure(code, "ytd")
        # the rate this report would give (its own year-to-date against last year's resolved figure)
        own = Resolved(code=code, year=report.year, month=report.month, value=value, ytd=ytd, source="self")
        own_growth = explain_growth(code, own, growth.previous)
        rows.append(
            {
                "code": code,
                "label": label_of(code),
                "unit": unit_of(code),
                "value": value,
                "ytd": ytd,
                "previous_ytd": previous.get(code, (None, ""))[0],
                "growth": own_growth,
                "resolved": growth.current,
            }
        )
    plans = _plans_for_report(report)
    entries = [
        {
            "entry": e,
            "plan": plans.get(e.nomination_id),
            "milestones": [
                (m, MilestoneStatus((e.milestones or {}).get(str(m.pk), m.status)).label)
                for m in (plans[e.nomination_id].milestones.all() if e.nomination_id in plans else [])
            ],
        }
        for e in report.entries.all()
    ]
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "rows": rows,
            "entries": entries,
            "actions": actions,
            "versions": selectors.report_versions(report, user),
            "can_edit": permissions.can_edit_report(user, report),
            "can_correct": permissions.can_correct_report(user, report),
            "gap_threshold": selectors.gap_threshold(),
        },
    )


@login_required
def report_edit(request, pk):
    report = selectors.report_get(request.user, pk)
    require(permissions.can_edit_report(request.user, report))
    form = ReportForm(request.POST or None, report=report, plans=_plans_for_report(report))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(actor=request.user, report=report, **form.service_kwargs())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if "submit" not in request.POST:
                messages.success(request, _("草稿已保存。"))
                return redirect("reporting:report_edit", pk=pk)
            try:
                services.report_transition(actor=request.user, report=report, action="submit")
            except (ValidationError, Conflict) as exc:
                # Said plainly: what was typed is kept as the draft, and why it was not submitted.
                messages.warning(request, _("已保存为草稿，但未能提交：请按提示修改后再提交。"))
                if isinstance(exc, ValidationError):
                    errors_to_form(form, exc)
                else:
                    form.add_error(None, exc.message)
                report = selectors.report_get(request.user, pk)
            else:
                messages.success(
                    request, _("操作成功：%(action)s。") % {"action": TRANSITIONS["submit"].label}
                )
                return redirect("reporting:report_detail", pk=pk)
    return render(
        request,
        "reporting/report_edit.html",
        {
            "report": report,
            "form": form,
            "previous": selectors.previous_month_ytd(report.enterprise_id, report.year, report.month),
        },
    )


@login_required
@require_POST
def report_action(request, pk, action):
    report = selectors.report_get(request.user, pk)
    if action not in TRANSITIONS:
        raise Http404(action)
    try:
        services.report_transition(
            actor=request.user, report=report, action=action, comment=request.POST.get("comment", "")
        )
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        errors_to_messages(request, exc)
        if action == "submit" and permissions.can_edit_report(request.user, report):
            return redirect("reporting:report_edit", pk=pk)
    else:
        messages.success(request, _("操作成功：%(action)s。") % {"action": TRANSITIONS[action].label})
    return redirect("reporting:report_detail", pk=pk)


@login_required
@require_POST
def report_correct(request, pk):
    report = selectors.report_get(request.user, pk)
    try:
        correction = services.report_correct(
            actor=request.user, report=report, reason=request.POST.get("reason", "")
        )
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request,
            _("已创建更正版本（第%(v)s版），原报告保留。确认后以新版本为准。") % {"v": correction.version},
        )
        return redirect("reporting:report_edit", pk=correction.pk)
    return redirect("reporting:report_detail", pk=pk)
