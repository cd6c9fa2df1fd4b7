"""Supervision pages: cases (recorded or proposed), decisions, rectification reports and closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.list_pages import filtered
from core.permissions import require
from core.web import stored_file

from .. import permissions, selectors, services
from ..forms import CaseActionForm, CaseFilterForm, CaseForm, CaseReportForm
from ..models import SupervisionCase
from ..workflow_assessment import CASES
from .common import current_programme, reported


@login_required
def case_list(request):
    require(permissions.can_view(request.user))
    can_manage = permissions.can_manage(request.user)
    filters, cases = filtered(request, CaseFilterForm, selectors.cases_for)
    return render(
        request,
        "assessment/supervision_list.html",
        {
            "cases": cases,
            "filters": filters,
            "form": CaseForm() if can_manage else None,
        },
    )


@login_required
@require_POST
def case_create(request):
    require(permissions.can_manage(request.user))
    form = CaseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("assessment:case_list")
    d = form.cleaned_data
    subject = "town" if d["town"] else "department"
    case = None
    with reported(request, _("督查事项已登记。")):
        case = services.case_create(
            actor=request.user,
            programme=current_programme(),
            subject=subject,
            unit=d["town"] or d["department"],
            kind=d["kind"],
            reason=d["reason"],
            leader_name=d["leader_name"],
            leader_post=d["leader_post"],
            deadline=d["deadline"],
        )
    return redirect("assessment:case_detail", pk=case.pk) if case else redirect("assessment:case_list")


def _case(request, pk) -> SupervisionCase:
    return get_object_or_404(
        SupervisionCase.objects.visible_to(request.user).select_related("town", "department"), pk=pk
    )


@login_required
def case_detail(request, pk):
    require(permissions.can_view(request.user))
    case = _case(request, pk)
    moves = CASES.available(case, request.user)
    return render(
        request,
        "assessment/supervision_detail.html",
        {
            "case": case,
            "moves": [m for m in moves if m.action != "report"],
            "can_report": any(m.action == "report" for m in moves),
            "action_form": CaseActionForm(
                initial={
                    "deadline": case.deadline,
                    "leader_name": case.leader_name,
                    "leader_post": case.leader_post,
                }
            ),
            "report_form": CaseReportForm(),
            "events": case.events.select_related("actor").order_by("created_at"),
        },
    )


@login_required
@require_POST
def case_action(request, pk, action):
    case = _case(request, pk)
    if action not in CASES:
        raise Http404("action")
    kwargs = {}
    if action == "report":
        form = CaseReportForm(request.POST, request.FILES)
        if form.is_valid():
            kwargs = {
                "report_text": form.cleaned_data["report_text"],
                "report_file": form.cleaned_data.get("report_file"),
            }
    else:
        form = CaseActionForm(request.POST)
        if form.is_valid():
            kwargs = {"comment": form.cleaned_data["comment"]}
            if action == "decide":
                kwargs.update(
                    deadline=form.cleaned_data["deadline"],
                    leader_name=form.cleaned_data["leader_name"],
                    leader_post=form.cleaned_data["leader_post"],
                )
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容。"))
        return redirect("assessment:case_detail", pk=pk)
    with reported(request, _("操作成功：%(action)s。") % {"action": CASES[action].label}):
        services.case_transition(actor=request.user, case=case, action=action, **kwargs)
    return redirect("assessment:case_detail", pk=pk)


@login_required
def case_report_file(request, pk):
    case = _case(request, pk)
    return stored_file(case.report_file, case.report_name, what="report")
