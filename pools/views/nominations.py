"""Nomination pages: list, create, edit, evidence, review and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import form_page, run_action
from core.list_pages import filtered, list_page, ordered
from core.permissions import require
from core.web import errors_to_form, form_errors_to_messages, page_of
from programs.models import Criterion, Pool
from programs.years import requested_year as _year

from .. import permissions, selectors, services
from ..forms import (
    CommentForm,
    EvidenceForm,
    NominationEditForm,
    NominationFilterForm,
    NominationStartForm,
)
from ..models import Evidence, NominationState
from ..prefill import prefill_figures
from ..workflow import NOMINATIONS, TRANSITIONS
from .common import PAGE_SIZE, _programme

EDIT_FORM_ID = "nomination-edit"
TOWN_ACTIONS = frozenset({"submit", "withdraw"})

# --- nominations -----------------------------------------------------------------------------


@login_required
def nomination_list(request):
    programme = _programme(request.user)
    filters, nominations = filtered(
        request,
        NominationFilterForm,
        ordered(selectors.nominations_for, *selectors.LIST_ORDER),
        programme=programme,
    )
    return _nomination_page(
        request,
        programme,
        filters,
        nominations,
        can_create=permissions.can_create_nomination(request.user),
        title=_("入库申报"),
    )


def _nomination_page(request, programme, filters, nominations, **context):
    """The list of nominations (the town's and the office's list, a department's review queue): one
    page of `nominations` under `filters`."""
    return list_page(
        request,
        template="pools/nomination_list.html",
        table="pools/_nomination_table.html",
        filters=filters,
        page=page_of(request, nominations, PAGE_SIZE),
        programme=programme,
        **context,
    )


def review_queue_of(request):
    """(programme, filters, queue) of the department's review queue as the request filters it: the
    page, its export, its bulk decisions and 上一件/下一件 all walk the same queue."""
    require(permissions.can_view_review_queue(request.user))
    programme = _programme(request.user)
    pools = permissions.reviewable_pools(request.user, Pool.objects.filter(programme=programme))
    params = request.GET.copy()
    params.setdefault("state", NominationState.SUBMITTED)
    filters = NominationFilterForm(params, user=request.user, programme=programme, pools=pools, review=True)
    queue = selectors.review_queue_for(
        request.user, sort=filters.sort_order, **filters.selector_kwargs()
    ).filter(pool__in=pools)
    return programme, filters, queue


@login_required
def review_queue(request):
    programme, filters, queue = review_queue_of(request)
    return _nomination_page(request, programme, filters, queue, title=_("审核队列"), review=True)


@login_required
def nomination_start(request):
    require(permissions.can_create_nomination(request.user))
    programme = _programme(request.user)
    initial = {
        "year": _year(request, programme),
        "pool": Pool.objects.filter(programme=programme, code=request.GET.get("pool")).first(),
    }

    def create(data):
        metrics, sources = prefill_figures(
            pool=data["pool"], year=data["year"], enterprise=data["enterprise"], project=data["project"]
        )
        return services.nomination_create(actor=request.user, metrics=metrics, metric_sources=sources, **data)

    return form_page(
        request,
        NominationStartForm(request.POST or None, user=request.user, programme=programme, initial=initial),
        create,
        success=_("已创建申报草稿，请补充数据和材料后提交。"),
        then=lambda nomination: reverse("pools:nomination_edit", kwargs={"pk": nomination.pk}),
        template="pools/nomination_start.html",
        programme=programme,
    )


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
            "neighbours": selectors.queue_neighbours(user, nomination)
            if permissions.can_view_review_queue(user)
            else {},
            # The 意见 box is the reviewers' (退回, 不予通过, 通过); a town's explanation lives on the draft.
            "decision_needs_comment": any(t.action not in TOWN_ACTIONS for t in actions),
        },
    )


def _edit_page(request, nomination, form, evidence_form=None, status=200):
    result = services.nomination_eligibility(nomination)
    evidence_form = evidence_form or EvidenceForm(nomination=nomination)
    # The evidence inputs belong to the draft's form (HTML form= attribute): an upload posts the
    # unsaved figures, notes and 路径解决方案 with the file, and evidence_upload saves them first.
    for field in evidence_form.fields.values():
        field.widget.attrs["form"] = EDIT_FORM_ID
    return render(
        request,
        "pools/nomination_edit.html",
        {
            "nomination": nomination,
            "form": form,
            "form_id": EDIT_FORM_ID,
            "result": result,
            "evidence_form": evidence_form,
            "returned": selectors.last_return(nomination),
            "metric_rows": [
                (form[name], c, nomination.metric_sources.get(c.metric)) for name, c in form.metric_fields
            ],
            "claim_rows": [(form[claim], form[note], c) for claim, note, c in form.claim_fields],
        },
        status=status,
    )


def _save_draft(request, nomination, form) -> bool:
    """The draft's fields as posted, saved when they changed; errors stay on the form. True when saved
    (or nothing to save)."""
    if not form.is_valid():
        return False
    if not form.has_changed():
        return True
    try:
        services.nomination_update(actor=request.user, nomination=nomination, **form.service_kwargs())
    except ValidationError as exc:
        errors_to_form(form, exc)
        return False
    return True


@login_required
def nomination_edit(request, pk):
    nomination = selectors.nomination_get(request.user, pk)
    require(permissions.can_edit_nomination(request.user, nomination))
    form = NominationEditForm(request.POST or None, nomination=nomination)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_update(actor=request.user, nomination=nomination, **form.service_kwargs())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("已保存，资格已重新核验。"))
            if "submit" in request.POST:
                return nomination_action(request, pk, "submit")
            return redirect("pools:nomination_detail", pk=pk)
    return _edit_page(request, nomination, form)


def _on_nomination(request, pk, service, *, success="", **arguments):
    """A POSTed action on one nomination: the service runs (its refusal or success is said), then
    back to the nomination."""
    nomination = selectors.nomination_get(request.user, pk)
    run_action(
        request, lambda: service(actor=request.user, nomination=nomination, **arguments), success=success
    )
    return redirect("pools:nomination_detail", pk=pk)


@login_required
@require_POST
def nomination_action(request, pk, action):
    return _on_nomination(
        request,
        pk,
        services.nomination_transition,
        action=action,
        comment=request.POST.get("comment", ""),
        success=lambda _result: _("操作成功：%(action)s。") % {"action": TRANSITIONS[action].label},
    )


@login_required
@require_POST
def nomination_review(request, pk, criterion_id):
    nomination = selectors.nomination_get(request.user, pk)
    criterion = get_object_or_404(Criterion, pk=criterion_id, pool=nomination.pool)
    run_action(
        request,
        lambda: services.criterion_review(
            actor=request.user,
            nomination=nomination,
            criterion=criterion,
            decision=request.POST.get("decision", ""),
            note=request.POST.get("note", ""),
        ),
    )
    return redirect("pools:nomination_detail", pk=pk)


@login_required
@require_POST
def nomination_comment(request, pk):
    return _on_nomination(request, pk, services.nomination_comment, comment=request.POST.get("comment", ""))


@login_required
@require_POST
def nomination_remove(request, pk):
    return _on_nomination(
        request,
        pk,
        services.pool_entry_remove,
        reason=request.POST.get("reason", ""),
        success=_("已移出培育库。"),
    )


def _draft_posted(request) -> bool:
    return "path_plan" in request.POST


@login_required
@require_POST
def evidence_upload(request, pk):
    nomination = selectors.nomination_get(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES, nomination=nomination)
    if _draft_posted(request):
        require(permissions.can_edit_nomination(request.user, nomination))
        draft = NominationEditForm(request.POST, nomination=nomination)
        if not _save_draft(request, nomination, draft):
            # Nothing is lost: the page comes back with what was typed and why it was not saved.
            messages.error(request, _("草稿有填写错误，未保存，材料也未上传：请改正标出的内容后重新上传。"))
            return _edit_page(request, nomination, draft, form, status=400)
        nomination = selectors.nomination_get(request.user, pk)
    if form.is_valid():
        run_action(
            request,
            lambda: services.evidence_add(
                actor=request.user,
                nomination=nomination,
                criterion=form.cleaned_data["criterion"],
                upload=form.cleaned_data["file"],
            ),
            success=_("草稿已保存，材料已上传。") if _draft_posted(request) else _("材料已上传。"),
        )
    else:
        form_errors_to_messages(request, form)
        if _draft_posted(request):
            messages.info(request, _("已填写的内容已保存为草稿。"))
    return redirect("pools:nomination_edit", pk=pk)


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = get_object_or_404(Evidence, pk=pk)
    nomination = selectors.nomination_get(request.user, evidence.nomination_id)  # 404 unless visible
    if _draft_posted(request):
        require(permissions.can_edit_nomination(request.user, nomination))
        draft = NominationEditForm(request.POST, nomination=nomination)
        if not _save_draft(request, nomination, draft):
            messages.error(request, _("草稿有填写错误，未保存，材料也未删除：请改正标出的内容后重试。"))
            return _edit_page(request, nomination, draft, status=400)
    services.evidence_remove(actor=request.user, evidence=evidence)
    messages.success(request, _("材料已删除。"))
    return redirect("pools:nomination_edit", pk=evidence.nomination_id)


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence, pk=pk)
    selectors.nomination_get(request.user, evidence.nomination_id)  # the file is as private as its nomination
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
