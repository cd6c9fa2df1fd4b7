"""Nominations: create and edit, figures and claims, evidence, eligibility computed on every save."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import audit
from core.bounds import check_text_length
from core.permissions import require
from core.uploads import EVIDENCE_KINDS, safe_filename, validate_upload
from credit.gates import support_block_reason
from enterprises.models import Enterprise, Project
from programs.models import Criterion, Pool, SubjectKind

from .. import permissions
from ..eligibility import QualitativeStatus, evaluate, parse_metrics
from ..models import CriterionCheck, Evidence, Nomination, NominationEvent, NominationState
from ..selectors import draft_window_reason
from ..workflow import NOMINATIONS
from .common import AUDITED_FIELDS

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
        # Each sentence names the figure by its label (产值：不能为负数。), never by its code.
        labels = {c.metric: c.get_metric_display() for c in pool.criteria.all()}
        raise ValidationError(
            {"metrics": [f"{labels.get(code, code)}：{msg}" for code, msg in sorted(errors.items())]}
        )
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
    # No draft without a window open or announced for the pool and year: the start page, the API and
    # the bulk upload all come here, so all refuse with the same sentence.
    if reason := draft_window_reason(programme, pool, year):
        raise ValidationError({"year": reason})
    check_text_length("path_plan", path_plan)
    check_text_length("explanation", explanation)
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
        check_text_length("path_plan", path_plan)
        nomination.path_plan = path_plan
    if explanation is not None:
        check_text_length("explanation", explanation)
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
