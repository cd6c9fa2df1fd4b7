from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import Conflict
from core.params import parse_year
from core.permissions import require
from core.web import errors_to_form, errors_to_messages
from core.xlsx import XLSX_CONTENT_TYPE
from programs.models import Criterion, Pool, Programme

from . import permissions, selectors, services
from .forms import (
    BulkUploadForm,
    CommentForm,
    EvidenceForm,
    NominationEditForm,
    NominationFilterForm,
    NominationStartForm,
    WindowExtendForm,
    WindowForm,
)
from .models import Evidence, NominationImport, NominationState, NominationWindow
from .prefill import prefill_figures
from .workflow import NOMINATIONS, TRANSITIONS

PAGE_SIZE = 25


def _programme(user) -> Programme:
    programme = Programme.objects.visible_to(user).current()
    if programme is None:
        raise Http404("programme")
    return programme


def _year(request, programme) -> int:
    try:
        year = parse_year(request.GET.get("year"), default=timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, programme.start_year), programme.end_year)


# --- office: windows -------------------------------------------------------------------------


@login_required
def windows(request):
    require(permissions.can_manage_windows(request.user))
    programme = _programme(request.user)
    year = _year(request, programme)
    form = WindowForm(request.POST or None, programme=programme, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            services.window_open(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("申报窗口已设置。"))
            return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    return render(
        request,
        "pools/windows.html",
        {
            "programme": programme,
            "year": year,
            "form": form,
            "extend_form": WindowExtendForm(),
            "windows": selectors.windows_for(programme, year),
            "progress": selectors.town_progress(programme, year),
            "states": NominationState.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def window_action(request, pk, action):
    require(permissions.can_manage_windows(request.user))
    window = get_object_or_404(NominationWindow, pk=pk)
    if action == "close":
        services.window_close(actor=request.user, window=window)
        messages.success(request, _("申报窗口已关闭。"))
    elif action == "extend":
        form = WindowExtendForm(request.POST)
        if form.is_valid():
            try:
                services.window_update(
                    actor=request.user, window=window, closes_on=form.cleaned_data["closes_on"]
                )
                messages.success(request, _("截止日期已调整。"))
            except ValidationError as exc:
                errors_to_messages(request, exc)
        else:
            messages.error(request, _("请填写有效的截止日期。"))
    else:
        raise Http404(action)
    return redirect(f"/pools/windows/?year={window.year}")


# --- nominations -----------------------------------------------------------------------------


@login_required
def nomination_list(request):
    programme = _programme(request.user)
    filters = NominationFilterForm(request.GET or None, user=request.user, programme=programme)
    page = Paginator(
        selectors.nominations_for(request.user, **filters.selector_kwargs()), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    template = "pools/_nomination_table.html" if request.htmx else "pools/nomination_list.html"
    return render(
        request,
        template,
        {
            "filters": filters,
            "page": page,
            "programme": programme,
            "can_create": permissions.can_create_nomination(request.user),
            "title": _("入库申报"),
        },
    )


@login_required
def review_queue(request):
    require(permissions.can_view_review_queue(request.user))
    programme = _programme(request.user)
    pools = permissions.reviewable_pools(request.user, Pool.objects.filter(programme=programme))
    params = request.GET.copy()
    params.setdefault("state", NominationState.SUBMITTED)
    filters = NominationFilterForm(params, user=request.user, programme=programme, pools=pools, review=True)
    queue = selectors.review_queue_for(
        request.user, sort=filters.sort_order, **filters.selector_kwargs()
    ).filter(pool__in=pools)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "pools/_nomination_table.html" if request.htmx else "pools/nomination_list.html"
    return render(
        request,
        template,
        {"filters": filters, "page": page, "programme": programme, "title": _("审核队列"), "review": True},
    )


@login_required
def nomination_start(request):
    require(permissions.can_create_nomination(request.user))
    programme = _programme(request.user)
    initial = {
        "year": _year(request, programme),
        "pool": Pool.objects.filter(programme=programme, code=request.GET.get("pool")).first(),
    }
    form = NominationStartForm(request.POST or None, user=request.user, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        metrics, sources = prefill_figures(
            pool=data["pool"], year=data["year"], enterprise=data["enterprise"], project=data["project"]
        )
        try:
            nomination = services.nomination_create(
                actor=request.user, metrics=metrics, metric_sources=sources, **data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("已创建申报草稿，请补充数据和材料后提交。"))
            return redirect("pools:nomination_edit", pk=nomination.pk)
    return render(request, "pools/nomination_start.html", {"form": form, "programme": programme})


@login_required
def nomination_detail(request, pk):
    nomination = selectors.nomination_get(request.user, pk)
    user = request.user
    actions = NOMINATIONS.available(nomination, user)
    # The office's override is offered only where one more entry would go beyond the quota's maximum.
    offered = {t.action for t in actions}
    over_quota = "approve_over_quota" in offered and selectors.approval_needs_override(nomination)
    if not over_quota:
        actions = [t for t in actions if t.action != "approve_over_quota"]
    result = services.nomination_eligibility(nomination)
    checks = {c.criterion_id: c for c in nomination.checks.all()}
    evidence = {}
    for item in nomination.evidence.all():
        evidence.setdefault(item.criterion_id, []).append(item)
    rows = [
        {"criterion": c, "result": r, "check": checks.get(c.pk), "evidence": evidence.get(c.pk, [])}
        for c, r in zip(nomination.pool.criteria.all(), result.criteria, strict=True)
    ]
    return render(
        request,
        "pools/nomination_detail.html",
        {
            "nomination": nomination,
            "rows": rows,
            "result": result,
            "actions": actions,
            "over_quota": over_quota,
            "general_evidence": evidence.get(None, []),
            "can_edit": permissions.can_edit_nomination(user, nomination),
            "can_review": permissions.can_review_criteria(user, nomination),
            "can_comment": permissions.can_comment(user, nomination),
            "can_remove": permissions.can_remove_entry(user, nomination),
            "comment_form": CommentForm(),
        },
    )


@login_required
def nomination_edit(request, pk):
    nomination = selectors.nomination_get(request.user, pk)
    require(permissions.can_edit_nomination(request.user, nomination))
    form = NominationEditForm(request.POST or None, nomination=nomination)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_update(actor=request.user, nomination=nomination, **form.service_kwargs())
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                form.add_error(None, errors)
        else:
            messages.success(request, _("已保存，资格已重新核验。"))
            if "submit" in request.POST:
                return nomination_action(request, pk, "submit")
            return redirect("pools:nomination_detail", pk=pk)
    result = services.nomination_eligibility(nomination)
    return render(
        request,
        "pools/nomination_edit.html",
        {
            "nomination": nomination,
            "form": form,
            "result": result,
            "evidence_form": EvidenceForm(nomination=nomination),
            "metric_rows": [
                (form[name], c, nomination.metric_sources.get(c.metric)) for name, c in form.metric_fields
            ],
            "claim_rows": [(form[claim], form[note], c) for claim, note, c in form.claim_fields],
        },
    )


@login_required
@require_POST
def nomination_action(request, pk, action):
    nomination = selectors.nomination_get(request.user, pk)
    try:
        services.nomination_transition(
            actor=request.user, nomination=nomination, action=action, comment=request.POST.get("comment", "")
        )
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("操作成功：%(action)s。") % {"action": TRANSITIONS[action].label})
    return redirect("pools:nomination_detail", pk=pk)


@login_required
@require_POST
def nomination_review(request, pk, criterion_id):
    nomination = selectors.nomination_get(request.user, pk)
    criterion = get_object_or_404(Criterion, pk=criterion_id, pool=nomination.pool)
    try:
        services.criterion_review(
            actor=request.user,
            nomination=nomination,
            criterion=criterion,
            decision=request.POST.get("decision", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("pools:nomination_detail", pk=pk)


@login_required
@require_POST
def nomination_comment(request, pk):
    nomination = selectors.nomination_get(request.user, pk)
    try:
        services.nomination_comment(
            actor=request.user, nomination=nomination, comment=request.POST.get("comment", "")
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("pools:nomination_detail", pk=pk)


@login_required
@require_POST
def nomination_remove(request, pk):
    nomination = selectors.nomination_get(request.user, pk)
    try:
        services.pool_entry_remove(
            actor=request.user, nomination=nomination, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, _("已移出培育库。"))
    return redirect("pools:nomination_detail", pk=pk)


@login_required
@require_POST
def evidence_upload(request, pk):
    nomination = selectors.nomination_get(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES, nomination=nomination)
    if form.is_valid():
        try:
            services.evidence_add(
                actor=request.user,
                nomination=nomination,
                criterion=form.cleaned_data["criterion"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(request, _("材料已上传。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("pools:nomination_edit", pk=pk)


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = get_object_or_404(Evidence, pk=pk)
    selectors.nomination_get(request.user, evidence.nomination_id)  # 404 unless visible
    services.evidence_remove(actor=request.user, evidence=evidence)
    messages.success(request, _("材料已删除。"))
    return redirect("pools:nomination_edit", pk=evidence.nomination_id)


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence, pk=pk)
    selectors.nomination_get(request.user, evidence.nomination_id)  # the file is as private as its nomination
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


# --- pools -----------------------------------------------------------------------------------


@login_required
def pool_overview(request):
    programme = _programme(request.user)
    year = _year(request, programme)
    from programs.selectors import pools_of

    pools = list(pools_of(programme, year=year))
    counts = selectors.approved_counts(request.user, programme, year)
    rows = [
        {"pool": p, "quota": next(iter(p.quotas.all()), None), "count": counts.get(p.pk, 0)} for p in pools
    ]
    return render(request, "pools/pool_overview.html", {"programme": programme, "year": year, "rows": rows})


@login_required
def pool_page(request, year, code):
    programme = _programme(request.user)
    pool = get_object_or_404(
        Pool.objects.prefetch_related("lead_departments"), programme=programme, code=code
    )
    entries = selectors.pool_entries(request.user, pool, year)
    quota = pool.quotas.filter(year=year).first()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "pools/pool_page.html",
        {
            "programme": programme,
            "pool": pool,
            "year": year,
            "quota": quota,
            "page": page,
            "breakdown": selectors.pool_breakdown(entries),
            "count": page.paginator.count,
        },
    )


@login_required
def pool_export(request, year, code):
    from core import audit

    from .xlsx import pool_workbook

    programme = _programme(request.user)
    pool = get_object_or_404(Pool, programme=programme, code=code)
    entries = selectors.pool_entries(request.user, pool, year)
    content = pool_workbook(pool=pool, year=year, entries=entries)
    audit.record(
        actor=request.user, action=audit.AuditAction.EXPORT, instance=pool, message=f"pool {year} {code}"
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename=pool-{year}-{code}.xlsx"
    return response


# --- bulk upload -----------------------------------------------------------------------------


@login_required
def bulk_upload(request):
    require(permissions.can_create_nomination(request.user))
    programme = _programme(request.user)
    form = BulkUploadForm(
        request.POST or None,
        request.FILES or None,
        programme=programme,
        initial={"year": _year(request, programme)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = services.nomination_import_start(
                actor=request.user,
                pool=form.cleaned_data["pool"],
                year=form.cleaned_data["year"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            return redirect("pools:bulk_status", pk=job.pk)
    return render(
        request,
        "pools/bulk_upload.html",
        {
            "form": form,
            "programme": programme,
            "jobs": NominationImport.objects.filter(actor=request.user).select_related("pool")[:10],
        },
    )


@login_required
def bulk_template(request, code):
    from .xlsx import nomination_template

    require(permissions.can_create_nomination(request.user))
    pool = get_object_or_404(
        Pool.objects.prefetch_related("criteria"), programme=_programme(request.user), code=code
    )
    response = HttpResponse(nomination_template(pool), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename=nomination-template-{code}.xlsx"
    return response


@login_required
def bulk_status(request, pk):
    job = get_object_or_404(NominationImport.objects.select_related("pool"), pk=pk, actor=request.user)
    # a job whose worker died is failed with its reason here too, not only by the periodic sweep
    unfinished = job.status in (NominationImport.Status.PENDING, NominationImport.Status.RUNNING)
    if unfinished and services.nomination_imports_fail_stale(job_ids=[job.pk]):
        job.refresh_from_db()
    template = "pools/_bulk_status.html" if request.htmx else "pools/bulk_status.html"
    return render(request, template, {"job": job})
