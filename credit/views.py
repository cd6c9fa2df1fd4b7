"""Credit pages: thin views over selectors (reads) and services (writes)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit
from core.permissions import require
from core.web import errors_to_form, errors_to_messages, page_of
from enterprises.forms import ImportForm
from enterprises.models import Enterprise

from . import permissions, selectors, services
from .forms import (
    AppealDecisionForm,
    AppealFilterForm,
    AppealForm,
    BlacklistAddForm,
    ModelPublishForm,
    RatingFilterForm,
    ReasonForm,
    RecordFilterForm,
    RecordForm,
)
from .gates import support_block_reason
from .models import Appeal, AppealState, BlacklistEntry, RecordKind, ScoringModel, is_credit_owner
from .rating import active_model, rules_of
from .scoring import GRADES


@login_required
def home(request):
    """The credit page of the user's role."""
    user = request.user
    if permissions.can_view_own_credit(user):
        return redirect("credit:mine")
    if permissions.can_view_overview(user):
        return redirect("credit:overview")
    if permissions.can_list_ratings(user):
        return redirect("credit:rating_list")
    raise PermissionDenied(_("当前角色无权访问企业诚信。"))


# --- records ---------------------------------------------------------------------------------------


@login_required
def record_list(request):
    require(permissions.can_view_records(request.user))
    filters = RecordFilterForm(request.GET or None, user=request.user)
    page = page_of(request, selectors.records_for(request.user, **filters.selector_kwargs()))
    template = "credit/_record_table.html" if request.htmx else "credit/record_list.html"
    return render(
        request,
        template,
        {
            "filters": filters,
            "page": page,
            "can_create": permissions.can_create_records(request.user),
            "kinds": RecordKind.objects.writable_by(request.user),
        },
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
    from .resources import import_errors
    from .xlsx import load_dataset

    require(permissions.can_create_records(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, summary = [], None
    if request.method == "POST" and form.is_valid():
        try:
            dataset = load_dataset(form.cleaned_data["file"], max_rows=settings.IMPORT_MAX_ROWS)
        except ValueError as exc:
            form.add_error("file", str(exc))
        else:
            result = services.records_import(actor=request.user, dataset=dataset)
            errors = import_errors(result)
            if not errors:
                messages.success(
                    request,
                    _("导入成功：新增 %(n)d 条信用记录，相关企业已重新评级。")
                    % {"n": result.totals.get("new", 0)},
                )
                return redirect("credit:record_list")
            summary = _("文件共 %(rows)d 行，其中 %(bad)d 行有误，未导入任何数据。请修改后重新上传。") % {
                "rows": len(dataset),
                "bad": len([e for e in errors if e["row"]]),
            }
    return render(
        request,
        "credit/record_import.html",
        {
            "form": form,
            "errors": errors,
            "summary": summary,
            "kinds": RecordKind.objects.writable_by(request.user),
        },
    )


@login_required
def record_import_template(request):
    from .xlsx import XLSX_CONTENT_TYPE, records_template

    require(permissions.can_create_records(request.user))
    response = HttpResponse(records_template(actor=request.user), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = "attachment; filename=credit-records-template.xlsx"
    return response


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
    try:
        services.record_withdraw(actor=request.user, record=record, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("记录已撤销，不再计入评级；企业已重新评级。"))
    return redirect("credit:record_detail", pk=pk)


@login_required
@require_POST
def appeal_create(request, pk):
    record = selectors.record_get(request.user, pk)
    form = AppealForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.appeal_create(
                actor=request.user,
                record=record,
                explanation=form.cleaned_data["explanation"],
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(request, _("异议已提交，来源部门处理后将通知您。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("credit:record_detail", pk=pk)


@login_required
@require_POST
def appeal_decide(request, pk):
    appeal = get_object_or_404(Appeal.objects.visible_to(request.user).select_related("record"), pk=pk)
    try:
        services.appeal_decide(
            actor=request.user,
            appeal=appeal,
            decision=request.POST.get("decision", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("异议已处理。"))
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
    template = "credit/_appeal_table.html" if request.htmx else "credit/appeal_list.html"
    return render(request, template, {"filters": filters, "page": page})


# --- enterprise credit and ratings -----------------------------------------------------------------


def _enterprise_page(request, enterprise):
    user = request.user
    status = selectors.status_of(user, enterprise)
    details = permissions.can_view_record_details(user, enterprise)
    records = (
        selectors.records_for(user, enterprise=enterprise) if permissions.can_view_records(user) else None
    )
    history = page_of(request, selectors.rating_history(user, enterprise), size=12)
    explanation = selectors.explanation_for(user, status.rating) if status and status.rating_id else None
    return render(
        request,
        "credit/enterprise_credit.html",
        {
            "enterprise": enterprise,
            "status": status,
            "explanation": explanation,
            "history": history,
            "records": records[:100] if records is not None else None,
            "details": details,
            "block_reason": support_block_reason(enterprise),
            "appeals": selectors.appeals_for(user, state="").filter(enterprise=enterprise)[:20]
            if details
            else [],
            "can_rate": permissions.can_rate(user),
            "can_manage_blacklist": permissions.can_manage_blacklist(user),
        },
    )


@login_required
def enterprise_credit(request, pk):
    require(permissions.can_view_ratings(request.user))
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.user).select_related("town", "industry"), pk=pk
    )
    return _enterprise_page(request, enterprise)


@login_required
def mine(request):
    require(permissions.can_view_own_credit(request.user))
    enterprise = get_object_or_404(
        Enterprise.objects.select_related("town", "industry"), pk=request.user.enterprise_id
    )
    return _enterprise_page(request, enterprise)


@login_required
def rating_list(request):
    require(permissions.can_view_ratings(request.user))
    if permissions.can_view_own_credit(request.user):
        return redirect("credit:mine")
    filters = RatingFilterForm(request.GET or None, user=request.user)
    page = page_of(request, selectors.enterprise_ratings_for(request.user, **filters.selector_kwargs()))
    template = "credit/_rating_table.html" if request.htmx else "credit/rating_list.html"
    return render(
        request, template, {"filters": filters, "page": page, "can_rate": permissions.can_rate(request.user)}
    )


@login_required
def rating_detail(request, pk):
    rating = selectors.rating_get(request.user, pk)
    return render(
        request,
        "credit/rating_detail.html",
        {"rating": rating, "explanation": selectors.explanation_for(request.user, rating)},
    )


@login_required
@require_POST
def rate(request, pk=None):
    enterprise = None
    if pk is not None:
        enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk)
    services.rate_on_demand(actor=request.user, enterprise=enterprise)
    if enterprise is None:
        messages.success(request, _("已开始对全部企业重新评级，完成后总览将更新。"))
        return redirect("credit:overview")
    messages.success(request, _("已重新评级。"))
    return redirect("credit:enterprise_credit", pk=pk)


# --- overview, model, blacklist --------------------------------------------------------------------


@login_required
def overview(request):
    require(permissions.can_view_overview(request.user))
    dist = selectors.distribution(request.user)
    return render(
        request,
        "credit/overview.html",
        {
            "dist": dist,
            "grades": GRADES,
            "blacklist": selectors.blacklist_for(request.user)[:10],
            "blacklist_count": selectors.blacklist_for(request.user).count(),
            "changes": selectors.recent_changes(request.user),
            "model": active_model(),
            "chart": {
                "grades": [*GRADES, str(_("未评级"))],
                "towns": dist["by_town"],
                "industries": dist["by_industry"],
            },
            "can_rate": permissions.can_rate(request.user),
            "can_view_model": permissions.can_view_scoring_model(request.user),
            "can_manage_blacklist": permissions.can_manage_blacklist(request.user),
        },
    )


@login_required
def overview_export(request):
    from .xlsx import XLSX_CONTENT_TYPE, ratings_workbook

    require(permissions.can_view_overview(request.user))
    filters = RatingFilterForm(request.GET or None, user=request.user)
    enterprises = selectors.enterprise_ratings_for(request.user, **filters.selector_kwargs()).select_related(
        "credit_status__manual_entry"
    )
    content = ratings_workbook(enterprises=enterprises)
    audit.record(
        actor=request.user,
        action=audit.AuditAction.EXPORT,
        message=f"credit ratings {request.GET.urlencode()}"[:500],
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=credit-ratings-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    )
    return response


@login_required
def model_page(request):
    require(permissions.can_view_scoring_model(request.user))
    versions = list(ScoringModel.objects.visible_to(request.user).select_related("published_by"))
    try:
        current = (
            ScoringModel.objects.get(version=int(request.GET["version"]))
            if "version" in request.GET
            else None
        )
    except (ValueError, ScoringModel.DoesNotExist) as exc:
        raise Http404("version") from exc
    current = current or active_model()
    kinds = list(RecordKind.objects.prefetch_related("departments"))
    rules = rules_of(current)
    form = None
    if permissions.can_publish_model(request.user):
        form = ModelPublishForm(request.POST or None, rules=rules_of(active_model()), kinds=kinds)
        if request.method == "POST" and form.is_valid():
            try:
                model = services.model_publish(
                    actor=request.user, rules=form.to_rules(), notes=form.cleaned_data["notes"]
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("已发布第 %(v)d 版评分模型，全部企业正在按新模型重新评级。") % {"v": model.version},
                )
                return redirect("credit:model")
    elif request.method == "POST":
        raise PermissionDenied(permissions.can_publish_model(request.user).reason)
    kind_rows = []
    for kind in kinds:
        rule = rules.kinds.get(kind.code)
        kind_rows.append(
            {
                "kind": kind,
                "rule": rule,
                "points": [
                    (label, rule.points.get(code) if rule else None) for code, label in kind.severities
                ],
            }
        )
    return render(
        request,
        "credit/model.html",
        {
            "model": current,
            "rules": rules,
            "kind_rows": kind_rows,
            "versions": versions,
            "form": form,
            "decay": rules.decay,
            "bands": rules.bands,
        },
    )


@login_required
def blacklist(request):
    require(permissions.can_view_overview(request.user))
    can_manage = permissions.can_manage_blacklist(request.user)
    form = BlacklistAddForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        require(can_manage)
        if form.is_valid():
            try:
                services.blacklist_add(
                    actor=request.user, enterprise=form.enterprise, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("已将“%(name)s”列入黑名单。") % {"name": form.enterprise.name})
                return redirect("credit:blacklist")
    source = request.GET.get("source", "")
    page = page_of(
        request, selectors.blacklist_for(request.user, search=request.GET.get("q", ""), source=source)
    )
    template = "credit/_blacklist_table.html" if request.htmx else "credit/blacklist.html"
    return render(
        request,
        template,
        {
            "page": page,
            "form": form,
            "can_manage": can_manage,
            "source": source,
            "q": request.GET.get("q", ""),
            "remove_form": ReasonForm(),
            "owner": is_credit_owner(request.user),
            "history": selectors.manual_entries(request.user).filter(removed_at__isnull=False)[:10],
        },
    )


@login_required
@require_POST
def blacklist_remove(request, pk):
    require(permissions.can_manage_blacklist(request.user))
    entry = get_object_or_404(BlacklistEntry, pk=pk)
    try:
        services.blacklist_remove(actor=request.user, entry=entry, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("已将“%(name)s”移出人工黑名单。") % {"name": entry.enterprise.name})
    return redirect("credit:blacklist")
