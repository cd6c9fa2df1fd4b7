"""The green channel's pages: applications (list, export, record, approve, disburse, refuse) and
the per-bank figures table."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit
from core.actions import form_action, form_page
from core.audit_messages import export_event
from core.list_pages import filtered
from core.permissions import require
from core.web import page_of

from .. import figures, permissions, selectors, services, xlsx
from ..forms import (
    ApplicationCreateForm,
    ApplicationFilterForm,
    ApproveForm,
    DisburseForm,
    FiguresFilterForm,
    RefuseForm,
)
from ..models import DockingSetting
from ..workflow import APPLICATIONS
from .common import xlsx_response


def _row(a) -> figures.Row:
    return figures.Row(a.bank_id, a.state, a.qualifying, a.applied_on, a.approved_on, a.disbursed_on)


def _flagged(applications, *, today, limit):
    return [
        (a, figures.waiting_days(_row(a), today), figures.waits_too_long(_row(a), today=today, limit=limit))
        for a in applications
    ]


def _applications(request):
    """The filters, today, the waiting limit and the applications the user may see, as filtered."""
    require(permissions.can_view_applications(request.user))
    today, limit = timezone.localdate(), DockingSetting.current().waiting_days
    filters, qs = filtered(
        request, ApplicationFilterForm, partial(selectors.applications_for, today=today, limit=limit)
    )
    return filters, today, limit, qs


@login_required
def application_list(request):
    filters, today, limit, qs = _applications(request)
    page = page_of(request, qs)
    return render(
        request,
        "docking/application_list.html",
        {
            "filters": filters,
            "page": page,
            "rows": _flagged(page, today=today, limit=limit),
            "limit": limit,
            "can_create": permissions.can_work_as_bank(request.user),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def application_export(request):
    _filters, today, limit, qs = _applications(request)
    content, count = xlsx.applications_workbook(qs, today=today, limit=limit)
    audit.record(
        actor=request.user,
        action=audit.AuditAction.EXPORT,
        **export_event("docking_applications", rows=count, query=request.GET),
    )
    return xlsx_response(content, f"green-channel-applications-{today:%Y%m%d}.xlsx")


@login_required
def application_create(request):
    require(permissions.can_work_as_bank(request.user))
    initial = {}
    if request.GET.get("intention"):
        initial["intention"] = request.GET["intention"]
    form = ApplicationCreateForm(request.POST or None, user=request.user, initial=initial)
    return form_page(
        request,
        form,
        lambda d: services.application_create(actor=request.user, **d),
        success=lambda application: _("已登记“%(name)s”的贷款申请。") % {"name": application.enterprise.name},
        then=lambda application: reverse("docking:application_detail", kwargs={"pk": application.pk}),
        template="docking/application_form.html",
    )


@login_required
def application_detail(request, pk):
    user = request.user
    application = selectors.application_get(user, pk)
    today, limit = timezone.localdate(), DockingSetting.current().waiting_days
    return render(
        request,
        "docking/application_detail.html",
        {
            "application": application,
            "events": list(application.events.select_related("actor").order_by("created_at", "id")),
            "moves": {t.action for t in APPLICATIONS.available(application, user)},
            "waiting_days": figures.waiting_days(_row(application), today),
            "too_long": figures.waits_too_long(_row(application), today=today, limit=limit),
            "limit": limit,
            "approve_form": ApproveForm(),
            "disburse_form": DisburseForm(),
            "refuse_form": RefuseForm(),
        },
    )


@login_required
@require_POST
def application_action(request, pk, action):
    user = request.user
    application = selectors.application_get(user, pk)
    back = reverse("docking:application_detail", args=[pk])
    forms = {"approve": ApproveForm, "disburse": DisburseForm, "refuse": RefuseForm}
    if action not in forms:
        from django.http import Http404

        raise Http404("action")
    service = {
        "approve": services.application_approve,
        "disburse": services.application_disburse,
        "refuse": services.application_refuse,
    }[action]
    return form_action(
        request,
        forms[action](request.POST),
        lambda data: service(actor=user, application=application, **data),
        _("操作成功：%(action)s。") % {"action": APPLICATIONS[action].label},
        back,
    )


def _bank_figures(request):
    """The filters, the year, today, the waiting limit and each bank's line with the total."""
    require(permissions.can_view_bank_figures(request.user))
    filters = FiguresFilterForm(request.GET or None)
    year = filters.cleaned_data.get("year") if filters.is_valid() else None
    today, limit = timezone.localdate(), DockingSetting.current().waiting_days
    lines, total = selectors.bank_figures_for(request.user, year=year, today=today, limit=limit)
    return filters, year, today, limit, lines, total


@login_required
def bank_figures(request):
    filters, year, _today, limit, lines, total = _bank_figures(request)
    return render(
        request,
        "docking/bank_figures.html",
        {
            "filters": filters,
            "lines": lines,
            "total": total,
            "limit": limit,
            "year": year,
            "export_query": request.GET.urlencode(),
            "show_total": len(lines) > 1,
        },
    )


@login_required
def bank_figures_export(request):
    _filters, year, today, limit, lines, total = _bank_figures(request)
    audit.record(
        actor=request.user,
        action=audit.AuditAction.EXPORT,
        **export_event("docking_banks", rows=len(lines), query=request.GET),
    )
    return xlsx_response(
        xlsx.figures_workbook(lines, total, year=year, today=today, limit=limit),
        f"green-channel-banks-{today:%Y%m%d}.xlsx",
    )
