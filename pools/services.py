"""Every write of the nomination cycle. Each service checks permission, validates, runs in one
transaction with the nomination row locked, writes its event and audit rows, and notifies on commit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.exceptions import Conflict
from core.notifications import notify
from core.permissions import require
from core.uploads import EVIDENCE_KINDS, XLSX_KINDS, safe_filename, validate_upload
from core.workflow import Move, Notice
from credit.gates import support_block_reason
from enterprises.models import Enterprise, Project
from programs.models import Criterion, Pool, PoolQuota, SubjectKind

from . import permissions
from .eligibility import QualitativeStatus, evaluate, parse_metrics
from .models import CriterionCheck, Evidence, Nomination, NominationEvent, NominationState, NominationWindow
from .selectors import entries_of_year, open_window_for, window_message
from .workflow import NOMINATIONS

# Growth rates may fall below zero; amounts and shares may not.
AUDITED_FIELDS = NOMINATIONS.audited_fields


# --- windows ---------------------------------------------------------------------------------


def window_open(
    *, actor, programme, year: int, opens_on, closes_on, pool: Pool | None = None
) -> NominationWindow:
    require(permissions.can_manage_windows(actor))
    if not programme.start_year <= year <= programme.end_year:
        raise ValidationError(
            {
                "year": _("年度须在方案期限（%(a)s—%(b)s）内。")
                % {"a": programme.start_year, "b": programme.end_year}
            }
        )
    if pool is not None and pool.programme_id != programme.pk:
        raise ValidationError({"pool": _("培育库须属于该方案。")})
    window = NominationWindow(
        programme=programme, year=year, pool=pool, opens_on=opens_on, closes_on=closes_on
    )
    window.full_clean()
    with transaction.atomic():
        window.save()
        audit.record(
            actor=actor, action=audit.AuditAction.CREATE, instance=window, after=audit.snapshot(window)
        )
    return window


@transaction.atomic
def window_update(*, actor, window: NominationWindow, closes_on=None, opens_on=None) -> NominationWindow:
    """Extend (or shorten) a window; reopens one that was closed early."""
    require(permissions.can_manage_windows(actor))
    window = NominationWindow.objects.select_for_update().get(pk=window.pk)
    before = audit.snapshot(window)
    if opens_on is not None:
        window.opens_on = opens_on
    if closes_on is not None:
        window.closes_on = closes_on
        window.closed_at = None
    window.full_clean()
    window.save()
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=window,
        before=before,
        after=audit.snapshot(window),
    )
    return window


@transaction.atomic
def window_close(*, actor, window: NominationWindow) -> NominationWindow:
    require(permissions.can_manage_windows(actor))
    window = NominationWindow.objects.select_for_update().get(pk=window.pk)
    before = audit.snapshot(window)
    window.closed_at = timezone.now()
    window.save(update_fields=["closed_at", "updated_at"])
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=window,
        before=before,
        after=audit.snapshot(window),
        message="close",
    )
    return window


# --- eligibility -----------------------------------------------------------------------------


def qualitative_statuses(nomination: Nomination) -> dict[str, str]:
    with_evidence = {e.criterion_id for e in nomination.evidence.all()}
    statuses = {}
    for check in nomination.checks.all():
        if check.review == CriterionCheck.Review.CONFIRMED:
            statuses[check.criterion.code] = QualitativeStatus.CONFIRMED
        elif check.review == CriterionCheck.Review.REFUSED:
            statuses[check.criterion.code] = QualitativeStatus.REFUSED
        elif check.claimed and check.criterion_id in with_evidence:
            statuses[check.criterion.code] = QualitativeStatus.SUPPLIED
    return statuses


def nomination_eligibility(nomination: Nomination):
    values, _errors = parse_metrics(nomination.metrics)
    return evaluate(list(nomination.pool.criteria.all()), values, qualitative_statuses(nomination))


def _refresh_eligibility(nomination: Nomination) -> None:
    result = nomination_eligibility(nomination)
    nomination.eligible = result.eligible
    nomination.fails_quantitative = result.fails_quantitative


# --- create and edit -------------------------------------------------------------------------


def _clean_metrics(pool: Pool, raw: dict) -> dict:
    allowed = {c.metric for c in pool.criteria.all() if c.kind == Criterion.Kind.QUANTITATIVE}
    values, errors = parse_metrics(raw)
    unknown = set(values) - allowed
    for code in unknown:
        errors[code] = _("该培育库的认定标准不使用此指标。")
    if errors:
        raise ValidationError({"metrics": [f"{code}: {msg}" for code, msg in sorted(errors.items())]})
    return {code: str(value) for code, value in values.items()}


def _set_claims(nomination: Nomination, claims: dict | None) -> None:
    """claims: {criterion_code: {"claimed": bool, "note": str}} for qualitative criteria."""
    if claims is None:
        return
    qualitative = {c.code: c for c in nomination.pool.criteria.all() if c.kind == Criterion.Kind.QUALITATIVE}
    existing = {c.criterion_id: c for c in nomination.checks.all()}
    for code, claim in claims.items():
        criterion = qualitative.get(code)
        if criterion is None:
            raise ValidationError({"claims": _("“%(code)s”不是该培育库的定性标准。") % {"code": code}})
        if not isinstance(claim, dict):
            raise ValidationError(
                {"claims": _("“%(code)s”须为包含 claimed 与 note 的对象。") % {"code": code}}
            )
        check = existing.get(criterion.pk) or CriterionCheck(nomination=nomination, criterion=criterion)
        check.claimed = bool(claim.get("claimed"))
        check.note = (claim.get("note") or "")[:500]
        check.save()
    nomination._prefetched_objects_cache = {}  # type: ignore[attr-defined]  # Django's prefetch cache


def _check_subject(actor, pool: Pool, enterprise, project):
    if pool.subject == SubjectKind.ENTERPRISE:
        if enterprise is None or project is not None:
            raise ValidationError(
                {"enterprise": _("“%(pool)s”培育库的入库对象是企业，请选择企业。") % {"pool": pool.name}}
            )
        if not Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists():
            raise ValidationError({"enterprise": _("只能申报本街镇的企业。")})
    else:
        if project is None or enterprise is not None:
            raise ValidationError(
                {"project": _("“%(pool)s”培育库的入库对象是项目，请选择项目。") % {"pool": pool.name}}
            )
        if not Project.objects.visible_to(actor).filter(pk=project.pk).exists():
            raise ValidationError({"project": _("只能申报本街镇的项目。")})


def _record(nomination, actor, action, *, before=None, comment="", from_state=None, to_state=None):
    """The nomination's event row and audit row (the workflow engine writes both)."""
    return NOMINATIONS.record(
        nomination,
        actor=actor,
        action=action,
        before=before,
        comment=comment,
        from_state=from_state,
        to_state=to_state,
    )


def nomination_create(
    *,
    actor,
    pool: Pool,
    year: int,
    enterprise=None,
    project=None,
    metrics: dict | None = None,
    metric_sources: dict | None = None,
    path_plan: str = "",
    explanation: str = "",
    claims: dict | None = None,
) -> Nomination:
    require(permissions.can_create_nomination(actor))
    # The subject must be the town's own before its credit standing is told (no leak across towns).
    _check_subject(actor, pool, enterprise, project)
    # Blacklisted enterprises get no transformation-policy support (第20条): refused with why and since when.
    blocked = support_block_reason(
        enterprise if enterprise is not None else getattr(project, "enterprise", None)
    )
    if blocked:
        raise ValidationError(
            {"enterprise" if enterprise is not None or project is None else "project": blocked}
        )
    programme = pool.programme
    if not programme.start_year <= year <= programme.end_year:
        raise ValidationError(
            {
                "year": _("年度须在方案期限（%(a)s—%(b)s）内。")
                % {"a": programme.start_year, "b": programme.end_year}
            }
        )
    clean = _clean_metrics(pool, metrics or {})
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                programme=programme,
                year=year,
                pool=pool,
                town=actor.town,
                enterprise=enterprise,
                project=project,
                metrics=clean,
                metric_sources=metric_sources or {},
                path_plan=path_plan,
                explanation=explanation,
                created_by=actor,
            )
            _set_claims(nomination, claims)
            _refresh_eligibility(nomination)
            nomination.save(update_fields=["eligible", "fails_quantitative"])
            _record(
                nomination,
                actor,
                NominationEvent.Action.CREATE,
                to_state=nomination.state,
                from_state=nomination.state,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {
                "enterprise" if enterprise else "project": _(
                    "该%(subject)s已申报 %(year)s 年“%(pool)s”培育库，同一年度同一培育库只能申报一次。"
                )
                % {"subject": pool.get_subject_display(), "year": year, "pool": pool.name}
            }
        ) from exc
    return nomination


def _locked(nomination_id: int) -> Nomination:
    return NOMINATIONS.lock(nomination_id)


@transaction.atomic
def nomination_update(
    *,
    actor,
    nomination: Nomination,
    metrics: dict | None = None,
    metric_sources: dict | None = None,
    path_plan: str | None = None,
    explanation: str | None = None,
    claims: dict | None = None,
) -> Nomination:
    nomination = _locked(nomination.pk)
    require(permissions.can_edit_nomination(actor, nomination))
    before = audit.snapshot(nomination, AUDITED_FIELDS)
    from_state = nomination.state
    if metrics is not None:
        nomination.metrics = _clean_metrics(nomination.pool, metrics)
    if metric_sources is not None:
        nomination.metric_sources = metric_sources
    if path_plan is not None:
        nomination.path_plan = path_plan
    if explanation is not None:
        nomination.explanation = explanation
    _set_claims(nomination, claims)
    _reopen_if_returned(nomination)
    _refresh_eligibility(nomination)
    nomination.save()
    _record(
        nomination,
        actor,
        NominationEvent.Action.EDIT,
        before=before,
        from_state=from_state,
        to_state=nomination.state,
    )
    return nomination


def _reopen_if_returned(nomination: Nomination) -> None:
    """Any edit of a returned nomination reopens the draft. The reviewers' confirmations are cleared:
    the town may have changed what they confirmed, so the resubmission is reviewed afresh."""
    if nomination.state == NominationState.RETURNED:
        nomination.state = NominationState.DRAFT
        CriterionCheck.objects.filter(nomination=nomination).exclude(review="").update(
            review="", review_note="", reviewed_by=None, reviewed_at=None
        )
        nomination._prefetched_objects_cache = {}  # type: ignore[attr-defined]  # Django's prefetch cache


@transaction.atomic
def evidence_add(*, actor, nomination: Nomination, criterion: Criterion | None, upload) -> Evidence:
    nomination = _locked(nomination.pk)
    require(permissions.can_edit_nomination(actor, nomination))
    if criterion is not None and criterion.pool_id != nomination.pool_id:
        raise ValidationError({"criterion": _("该标准不属于本培育库。")})
    validate_upload(upload, kinds=EVIDENCE_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES)
    upload.name = safe_filename(upload.name)  # kept (sanitised) or replaced, never empty
    evidence = Evidence.objects.create(
        nomination=nomination,
        criterion=criterion,
        file=upload,
        original_name=upload.name[:200],
        size=upload.size,
        uploaded_by=actor,
    )
    if criterion is not None and criterion.kind == Criterion.Kind.QUALITATIVE:
        CriterionCheck.objects.update_or_create(
            nomination=nomination, criterion=criterion, defaults={"claimed": True}
        )
    before, from_state = audit.snapshot(nomination, AUDITED_FIELDS), nomination.state
    _reopen_if_returned(nomination)
    _refresh_eligibility(nomination)
    nomination.save(update_fields=["state", "eligible", "fails_quantitative", "updated_at"])
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE,
        instance=evidence,
        after={"nomination": nomination.pk, "file": evidence.original_name, "size": evidence.size},
    )
    _record(
        nomination,
        actor,
        NominationEvent.Action.EDIT,
        before=before,
        comment=_("上传材料：%(name)s") % {"name": evidence.original_name},
        from_state=from_state,
        to_state=nomination.state,
    )
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence) -> None:
    nomination = _locked(evidence.nomination_id)
    require(permissions.can_edit_nomination(actor, nomination))
    audit.record(
        actor=actor,
        action=audit.AuditAction.DELETE,
        instance=evidence,
        before={"nomination": nomination.pk, "file": evidence.original_name},
    )
    name = evidence.original_name
    storage, stored_name = evidence.file.storage, evidence.file.name or ""
    evidence.delete()
    if stored_name:  # the stored file goes only once the row is gone for good: a rollback keeps both
        transaction.on_commit(lambda: storage.delete(stored_name))
    before, from_state = audit.snapshot(nomination, AUDITED_FIELDS), nomination.state
    _reopen_if_returned(nomination)
    _refresh_eligibility(nomination)
    nomination.save(update_fields=["state", "eligible", "fails_quantitative", "updated_at"])
    _record(
        nomination,
        actor,
        NominationEvent.Action.EDIT,
        before=before,
        comment=_("删除材料：%(name)s") % {"name": name},
        from_state=from_state,
        to_state=nomination.state,
    )


# --- transitions -----------------------------------------------------------------------------


def _town_users(nomination):
    return list(User.objects.filter(role=Role.TOWN, town_id=nomination.town_id, is_active=True))


def _lead_users(nomination):
    return list(
        User.objects.filter(
            role=Role.DEPARTMENT, is_active=True, department__in=nomination.pool.lead_departments.all()
        )
    )


def _subject_block_reason(nomination: Nomination) -> str:
    # The enterprise row is locked as the blacklist services lock it, so a listing and a submission or
    # approval of the same enterprise cannot cross: one waits for the other and sees its result.
    enterprise = Enterprise.objects.select_for_update().get(pk=nomination.subject_enterprise_id)
    return support_block_reason(enterprise)


def _check_submit(nomination: Nomination) -> None:
    if blocked := _subject_block_reason(nomination):
        raise Conflict(blocked)
    window = open_window_for(nomination.programme, nomination.pool, nomination.year)
    if window is None:
        raise Conflict(window_message(nomination.programme, nomination.pool, nomination.year))
    if not nomination.path_plan.strip():
        raise ValidationError({"path_plan": _("提交前请填写与企业共同制定的路径解决方案。")})
    if nomination.fails_quantitative and not nomination.explanation.strip():
        raise ValidationError({"explanation": _("有定量标准不符合，提交前请填写说明。")})


def _check_approve(nomination: Nomination) -> None:
    if blocked := _subject_block_reason(nomination):
        raise Conflict(blocked)
    pending = [
        c.description
        for c in nomination.pool.criteria.all()
        if c.kind == Criterion.Kind.QUALITATIVE
        and c.pk not in {ch.criterion_id for ch in nomination.checks.all() if ch.review}
    ]
    if pending:
        raise Conflict(_("请先逐项核查定性标准（尚有 %(n)d 项未核查）。") % {"n": len(pending)})


def _locked_quota(nomination: Nomination) -> PoolQuota | None:
    """The pool's quota row of the nomination's year, locked after the nomination (and its enterprise):
    two approvals into the same pool and year count the entries one after the other."""
    return (
        PoolQuota.objects.select_for_update().filter(pool_id=nomination.pool_id, year=nomination.year).first()
    )


def _check_quota(nomination: Nomination) -> None:
    """The lead department approves up to the yearly maximum (科技型 15—20家); one more is the office's call."""
    quota = _locked_quota(nomination)
    if quota is None or quota.quota_max is None:
        return
    count = entries_of_year(nomination.pool_id, nomination.year)
    if count >= quota.quota_max:
        raise Conflict(
            _(
                "“%(pool)s”培育库%(year)s年的数量为%(quota)s家，已入库%(count)d家，再通过将超过上限；"
                "超过上限须由领导小组办公室填写理由后超额批准入库。"
            )
            % {"pool": nomination.pool.name, "year": nomination.year, "quota": quota.display, "count": count}
        )


def _check_beyond_quota(nomination: Nomination) -> None:
    """The office's override is for approvals beyond the maximum only; below it the department decides."""
    quota = _locked_quota(nomination)
    if quota is None or quota.quota_max is None:
        raise Conflict(
            _("“%(pool)s”培育库%(year)s年不设数量上限，应由牵头部门审核通过。")
            % {"pool": nomination.pool.name, "year": nomination.year}
        )
    count = entries_of_year(nomination.pool_id, nomination.year)
    if count < quota.quota_max:
        raise Conflict(
            _("“%(pool)s”培育库%(year)s年已入库%(count)d家，未达到数量上限%(max)d家，应由牵头部门审核通过。")
            % {"pool": nomination.pool.name, "year": nomination.year, "count": count, "max": quota.quota_max}
        )


def _check_move(move: Move) -> None:
    nomination = move.instance
    if move.action == "submit":
        _check_submit(nomination)
    elif move.action == "approve":
        _check_approve(nomination)
        _check_quota(nomination)
    elif move.action == "approve_over_quota":
        _check_approve(nomination)
        _check_beyond_quota(nomination)


def _apply_move(move: Move) -> None:
    nomination = move.instance
    if move.action == "submit":
        nomination.submitted_at = move.at
    elif move.transition.role in (Role.DEPARTMENT, Role.OFFICE):
        nomination.decided_at, nomination.decided_by = move.at, move.actor


def _move_notices(move: Move) -> list[Notice]:
    nomination, role = move.instance, move.transition.role
    if move.action == "withdraw" and not nomination.submitted_at:
        return []  # a draft withdrawn never reached anyone
    message = _("%(year)s年“%(pool)s”申报：%(subject)s %(state)s。") % {
        "year": nomination.year,
        "pool": nomination.pool.name,
        "subject": nomination.subject,
        "state": nomination.get_state_display(),
    }
    if move.comment:
        message += _("意见：%(comment)s") % {"comment": move.comment}
    # The town's own moves go to the reviewers (a withdrawal leaves their queue); decisions go to the
    # town; the office's approval beyond the quota goes to both.
    if role == Role.TOWN:
        recipients = _lead_users(nomination)
    elif role == Role.OFFICE:
        recipients = _town_users(nomination) + _lead_users(nomination)
    else:
        recipients = _town_users(nomination)
    return [Notice(recipients, message, reverse("pools:nomination_detail", args=[nomination.pk]))]


def nomination_transition(*, actor, nomination: Nomination, action: str, comment: str = "") -> Nomination:
    """Fire a declared move (pools.workflow) on the engine: row lock, permission, state, comment rule,
    the checks above, event + audit row, notices. The row lock makes two reviewers deciding at once
    take turns: the second sees the new state."""
    return NOMINATIONS.fire(
        nomination,
        action=action,
        actor=actor,
        comment=comment,
        check=_check_move,
        apply=_apply_move,
        notices=_move_notices,
    )


@transaction.atomic
def criterion_review(
    *, actor, nomination: Nomination, criterion: Criterion, decision: str, note: str = ""
) -> CriterionCheck:
    nomination = _locked(nomination.pk)
    require(permissions.can_review_criteria(actor, nomination))
    if criterion.pool_id != nomination.pool_id or criterion.kind != Criterion.Kind.QUALITATIVE:
        raise ValidationError({"criterion": _("只能核查本培育库的定性标准。")})
    if decision not in (CriterionCheck.Review.CONFIRMED, CriterionCheck.Review.REFUSED):
        raise ValidationError({"decision": _("核查结果须为“确认”或“不予确认”。")})
    if decision == CriterionCheck.Review.REFUSED and not note.strip():
        raise ValidationError({"note": _("不予确认须填写理由。")})
    before = audit.snapshot(nomination, AUDITED_FIELDS)
    check, _created = CriterionCheck.objects.get_or_create(nomination=nomination, criterion=criterion)
    check.review, check.review_note = decision, note[:500]
    check.reviewed_by, check.reviewed_at = actor, timezone.now()
    check.save()
    nomination._prefetched_objects_cache = {}  # type: ignore[attr-defined]  # Django's prefetch cache
    _refresh_eligibility(nomination)
    nomination.save(update_fields=["eligible", "fails_quantitative", "updated_at"])
    label = CriterionCheck.Review(decision).label
    _record(
        nomination,
        actor,
        NominationEvent.Action.REVIEW,
        before=before,
        comment=f"{criterion.description}：{label}{('（' + note + '）') if note else ''}",
        from_state=nomination.state,
        to_state=nomination.state,
    )
    return check


@transaction.atomic
def nomination_comment(*, actor, nomination: Nomination, comment: str) -> NominationEvent:
    require(permissions.can_comment(actor, nomination))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("请填写意见。")})
    event = _record(nomination, actor, NominationEvent.Action.COMMENT, comment=comment[:2000])
    if actor.role != Role.TOWN:
        notify(
            recipients=_town_users(nomination),
            url=reverse("pools:nomination_detail", args=[nomination.pk]),
            message=_("%(unit)s对“%(subject)s”的申报发表了意见。")
            % {"unit": actor.unit_name, "subject": nomination.subject},
        )
    return event


@transaction.atomic
def pool_entry_remove(*, actor, nomination: Nomination, reason: str) -> Nomination:
    """Dynamic management: the office takes an entry out of the pool; the history keeps why."""
    nomination = _locked(nomination.pk)
    require(permissions.can_remove_entry(actor, nomination))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("移出培育库须填写原因。")})
    before = audit.snapshot(nomination, AUDITED_FIELDS)
    nomination.removed_at, nomination.removed_reason = timezone.now(), reason[:300]
    nomination.save(update_fields=["removed_at", "removed_reason", "updated_at"])
    _record(
        nomination,
        actor,
        NominationEvent.Action.REMOVE,
        before=before,
        comment=reason,
        from_state=nomination.state,
        to_state=nomination.state,
    )
    notify(
        recipients=_town_users(nomination),
        url=reverse("pools:nomination_detail", args=[nomination.pk]),
        message=_("“%(subject)s”已移出%(year)s年“%(pool)s”培育库：%(reason)s")
        % {
            "subject": nomination.subject,
            "year": nomination.year,
            "pool": nomination.pool.name,
            "reason": reason,
        },
    )
    return nomination


# --- bulk upload -----------------------------------------------------------------------------


def nomination_import_start(*, actor, pool: Pool, year: int, upload):
    """Store a town's bulk file and hand it to the worker; the status page polls the job. Only the name,
    size and signature are checked here: the worker's reader checks the rest (zip limits, rows, cells)
    and reports it on the job. In eager mode (no worker) the job runs once the response has gone."""
    from core.tasks import enqueue_on_commit

    from .models import NominationImport
    from .tasks import nomination_import_run

    require(permissions.can_create_nomination(actor))
    validate_upload(upload, kinds=XLSX_KINDS, max_bytes=settings.IMPORT_MAX_BYTES, check_content=False)
    upload.name = safe_filename(upload.name)
    with transaction.atomic():
        job = NominationImport.objects.create(actor=actor, town=actor.town, pool=pool, year=year, file=upload)
        audit.record(
            actor=actor,
            action=audit.AuditAction.IMPORT,
            instance=job,
            message=f"{pool.code} {year} {upload.name}",
        )
        enqueue_on_commit(nomination_import_run, job.pk)
    return job


def nomination_import_run_job(*, job_id: int):
    """Idempotent: a job that already ran (or is running) is left alone."""
    from . import bulk
    from .models import NominationImport

    claimed = NominationImport.objects.filter(pk=job_id, status=NominationImport.Status.PENDING).update(
        status=NominationImport.Status.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return NominationImport.objects.get(pk=job_id)
    job = NominationImport.objects.select_related("actor", "actor__town", "pool", "pool__programme").get(
        pk=job_id
    )
    return bulk.run(job)


def nomination_imports_fail_stale(*, now=None, job_ids=None) -> int:
    """Fail the bulk jobs that made no progress for NOMINATION_IMPORT_STALE_MINUTES (their worker died,
    or none picked them up), with a sentence the status page shows. Safe to run at any time: a job's
    progress updates keep it fresh. Returns how many were failed."""
    from datetime import timedelta

    from .models import NominationImport

    now = now or timezone.now()
    minutes = settings.NOMINATION_IMPORT_STALE_MINUTES
    stale = NominationImport.objects.filter(
        status__in=[NominationImport.Status.PENDING, NominationImport.Status.RUNNING],
        updated_at__lt=now - timedelta(minutes=minutes),
    )
    if job_ids is not None:
        stale = stale.filter(pk__in=job_ids)
    failed = 0
    for job in list(stale):
        if job.status == NominationImport.Status.PENDING:
            reason = _(
                "文件上传后 %(n)d 分钟内未开始校验（后台服务可能未运行），未导入任何数据。请重新上传。"
            )
        else:
            reason = _("校验在 %(n)d 分钟内没有进展，已中止（后台处理中断），未导入任何数据。请重新上传。")
        updated = NominationImport.objects.filter(
            pk=job.pk, status=job.status, updated_at=job.updated_at
        ).update(
            status=NominationImport.Status.FAILED,
            errors=[{"row": 0, "messages": [reason % {"n": minutes}]}],
            updated_at=now,
        )
        if updated:
            failed += 1
            audit.record(
                actor=None, action=audit.AuditAction.UPDATE, instance=job, message="stale bulk job failed"
            )
    return failed
