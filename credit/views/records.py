"""Credit record pages of the source departments, imports and objections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import form_action, run_action
from core.imports import import_page
from core.list_pages import filtered_list, list_page
from core.permissions import require
from core.web import errors_to_form, page_of, xlsx_download

from .. import permissions, selectors, services
from ..forms import (
    AppealDecisionForm,
    AppealFilterForm,
    AppealForm,
    ReasonForm,
    RecordFilterForm,
    RecordForm,
)
from ..models import Appeal, AppealState, RecordKind

# --- records ---------------------------------------------------------------------------------------


@login_required
def record_list(request):
    require(permissions.can_view_records(request.user))
    return filtered_list(
        request,
        RecordFilterForm,
        selectors.records_for,
        template="credit/record_list.html",
        table="credit/_record_table.html",
        can_create=permissions.can_create_records(request.user),
        kinds=RecordKind.objects.writable_by(request.user),
    )


@login_required
def record_create(request):
    require(permissions.can_create_records(request.user))
    form = RecordForm(request.POST or None, user=request.user, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_create(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("已录入“%(name)s”的%(kind)s。")
                % {"name": record.enterprise.name, "kind": record.kind.name},
            )
            return redirect("credit:record_detail", pk=record.pk)
    return render(
        request,
        "credit/record_form.html",
        {"form": form, "kinds": RecordKind.objects.writable_by(request.user)},
    )


@login_required
def record_import(request):
    require(permissions.can_create_records(request.user))
    return import_page(
        request,
        template="credit/record_import.html",
        run=lambda upload: services.records_import(actor=request.user, upload=upload),
        success_url=reverse("credit:record_list"),
        context={"kinds": RecordKind.objects.writable_by(request.user)},
    )


@login_required
def record_import_template(request):
    from ..xlsx import records_template

    require(permissions.can_create_records(request.user))
    return xlsx_download(records_template(actor=request.user), "credit-records-template.xlsx")


@login_required
def record_detail(request, pk):
    record = selectors.record_get(request.user, pk)
    user = request.user
    appeals = list(record.appeals.all())
    pending = next((a for a in appeals if a.state == AppealState.PENDING), None)
    return render(
        request,
        "credit/record_detail.html",
        {
            "record": record,
            "appeals": appeals,
            "pending": pending,
            "can_appeal": permissions.can_appeal(user, record),
            "can_withdraw": permissions.can_withdraw_record(user, record),
            "can_decide": permissions.can_decide_appeal(user, pending) if pending else None,
            "appeal_form": AppealForm(),
            "decision_form": AppealDecisionForm(),
            "withdraw_form": ReasonForm(),
            "in_effect": record.is_in_effect(),
        },
    )


@login_required
@require_POST
def record_withdraw(request, pk):
    record = selectors.record_get(request.user, pk)
    run_action(
        request,
        lambda: services.record_withdraw(
            actor=request.user, record=record, reason=request.POST.get("reason", "")
        ),
        success=_("记录已撤销，不再计入评级；企业已重新评级。"),
    )
    return redirect("credit:record_detail", pk=pk)


@login_required
@require_POST
def appeal_create(request, pk):
    record = selectors.record_get(request.user, pk)
    return form_action(
        request,
        AppealForm(request.POST, request.FILES),
        lambda data: services.appeal_create(
            actor=request.user, record=record, explanation=data["explanation"], evidence=data["evidence"]
        ),
        _("异议已提交，来源部门处理后将通知您。"),
        reverse("credit:record_detail", args=[pk]),
    )


@login_required
@require_POST
def appeal_decide(request, pk):
    appeal = get_object_or_404(Appeal.objects.visible_to(request.user).select_related("record"), pk=pk)
    run_action(
        request,
        lambda: services.appeal_decide(
            actor=request.user,
            appeal=appeal,
            decision=request.POST.get("decision", ""),
            note=request.POST.get("note", ""),
        ),
        success=_("异议已处理。"),
    )
    return redirect("credit:record_detail", pk=appeal.record_id)


@login_required
def appeal_evidence(request, pk):
    appeal = get_object_or_404(Appeal.objects.visible_to(request.user), pk=pk)
    if not appeal.evidence:
        raise Http404("evidence")
    return FileResponse(appeal.evidence.open("rb"), as_attachment=True, filename=appeal.evidence_name)


@login_required
def appeal_list(request):
    require(permissions.can_view_appeal_queue(request.user))
    params = request.GET.copy()
    params.setdefault("state", AppealState.PENDING)
    filters = AppealFilterForm(params)
    data = filters.cleaned_data if filters.is_valid() else {"state": AppealState.PENDING, "q": ""}
    page = page_of(
        request, selectors.appeals_for(request.user, state=data.get("state", ""), search=data.get("q", ""))
    )
    return list_page(
        request,
        template="credit/appeal_list.html",
        table="credit/_appeal_table.html",
        filters=filters,
        page=page,
    )
