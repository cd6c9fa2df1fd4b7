"""Yearly assessment runs: start (idempotent per scheme and year), compute, rate, move, and the
office's edits of a scheme. Every write is audited; the moves run on core.workflow (RUNS)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, bounds
from core.permissions import require
from core.uploads import EVIDENCE_KINDS, safe_filename, validate_upload
from core.workflow import Notice

from .. import permissions
from ..models import (
    AssessmentRun,
    Indicator,
    IndicatorSection,
    Result,
    RunEvent,
    RunState,
    Scheme,
    Score,
    ScoringMethod,
    Subject,
)
from ..scoring import SchemeError, Spec, grade_all, points_for, q, ranks, total_of
from ..selectors.indicator_values import NO_DATA, subjects_of, values_for
from ..workflow_assessment import RUNS

SCHEME_EDITABLE = [
    "name",
    "bands",
    "full_marks",
    "excellent_share_cap",
    "bonus_cap",
    "penalty_cap",
    "reward_grades",
]
INDICATOR_EDITABLE = ["name", "weight", "cap", "params", "source"]
SCORE_AUDITED = ["value", "points", "note", "evidence_name"]
FIELD_OF: dict[str, str] = {
    Subject.TOWN: "town",
    Subject.DEPARTMENT: "department",
    Subject.ENTERPRISE: "enterprise",
}


def spec_of(indicator: Indicator) -> Spec:
    return Spec(indicator.code, indicator.method, indicator.weight, indicator.params or {}, indicator.cap)


# --- the office edits a scheme -----------------------------------------------------------------------


@transaction.atomic
def scheme_update(*, actor, scheme: Scheme, **fields) -> Scheme:
    require(permissions.can_manage(actor))
    from ..loader import AssessmentFileError, check_bands, scheme_snapshot

    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    unknown = set(fields) - set(SCHEME_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = scheme_snapshot(scheme)
    if "bands" in fields:
        try:
            fields["bands"] = check_bands(fields["bands"], _("等次"))
        except AssessmentFileError as exc:
            raise ValidationError({"bands": str(exc)}) from exc
    for key, value in fields.items():
        setattr(scheme, key, value)
    codes = {b["code"] for b in scheme.bands}
    if set(scheme.reward_grades or []) - codes:
        raise ValidationError({"reward_grades": _("授信奖励等次须为本办法的等次代码。")})
    scheme.full_clean()
    scheme.save()
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=scheme,
        before=before,
        after=scheme_snapshot(scheme),
    )
    return scheme


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, **fields) -> Indicator:
    require(permissions.can_manage(actor))
    indicator = Indicator.objects.select_for_update().select_related("scheme").get(pk=indicator.pk)
    unknown = set(fields) - set(INDICATOR_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = audit.snapshot(indicator, INDICATOR_EDITABLE)
    for key, value in fields.items():
        setattr(indicator, key, value)
    if indicator.weight is None or indicator.weight <= 0:
        raise ValidationError({"weight": _("分值须大于0。")})
    try:
        sample = (
            Decimal("0")
            if indicator.method in (ScoringMethod.RATED, ScoringMethod.PER_UNIT)
            else Decimal("1")
        )
        points_for(spec_of(indicator), sample, key="AAA")
    except SchemeError as exc:
        raise ValidationError({"params": _("计分参数有误：%(error)s") % {"error": exc}}) from exc
    indicator.full_clean()
    indicator.save()
    audit.record_saved(actor=actor, instance=indicator, before=before, fields=INDICATOR_EDITABLE)
    return indicator


def base_weight_problem(scheme: Scheme, indicators) -> str:
    """A sentence when the base weights do not add up to the scheme's full marks, else ""."""
    total = sum((i.weight for i in indicators if i.section == IndicatorSection.SCORE), Decimal("0"))
    if total != scheme.full_marks:
        return _("基本分指标分值之和为%(total)s，应为%(full)s，请调整后再发起考核。") % {
            "total": q(total),
            "full": q(scheme.full_marks),
        }
    return ""


# --- runs --------------------------------------------------------------------------------------------


@transaction.atomic
def assessment_run_start(*, actor, scheme: Scheme, year: int, today=None) -> AssessmentRun:
    """The run of `scheme` for `year`: created once; started again, it recomputes the computed items
    (raters' entries are kept) while it is not published, and changes nothing once published."""
    require(permissions.can_manage(actor))
    scheme = Scheme.objects.select_for_update().select_related("programme").get(pk=scheme.pk)
    indicators = list(scheme.indicators.select_related("rater_department"))
    problem = base_weight_problem(scheme, indicators)
    if problem:
        raise ValidationError(problem)
    run, created = AssessmentRun.objects.get_or_create(
        scheme=scheme, year=year, defaults={"started_by": actor if actor and actor.is_authenticated else None}
    )
    if run.state == RunState.PUBLISHED:
        return run
    run = RUNS.lock(run.pk)
    _compute(run, scheme, indicators, today or timezone.localdate())
    RUNS.record(run, actor=actor, action=RunEvent.Action.CREATE if created else RunEvent.Action.COMPUTE)
    return run


def _compute(run: AssessmentRun, scheme: Scheme, indicators: list, today) -> None:
    field = FIELD_OF[scheme.subject]
    subjects = subjects_of(scheme, run.year)
    existing = {getattr(r, f"{field}_id"): r for r in Result.objects.filter(run=run)}
    new = [Result(run=run, subject=scheme.subject, **{field: s}) for s in subjects if s.pk not in existing]
    Result.objects.bulk_create(new)
    results = {getattr(r, f"{field}_id"): r for r in Result.objects.filter(run=run)}
    computed_kinds = {i.kind for i in indicators if not i.is_rated}
    values = values_for(scheme, run.year, computed_kinds, today)
    scores = {(s.result_id, s.indicator_id): s for s in Score.objects.filter(result__run=run)}
    to_create: list = []
    to_update: list = []
    for unit_id, result in results.items():
        for indicator in indicators:
            score = scores.get((result.pk, indicator.pk)) or Score(result=result, indicator=indicator)
            if indicator.is_rated:
                if score.pk is None:
                    score.working = _working(
                        indicator, None, {}, _("待%(rater)s评分") % {"rater": indicator.rater_department.name}
                    )
                    to_create.append(score)
                continue
            by_unit = values.get(indicator.kind, {})
            v = by_unit.get(unit_id) or by_unit.get(NO_DATA)
            pts = points_for(spec_of(indicator), v.value if v else None, key=v.key if v else None)
            score.value = v.value if v else None
            score.points = pts.points
            formula = pts.formula if v else _("无数据，计0分")
            score.working = _working(indicator, score.value, v.inputs if v else {}, formula)
            (to_update if score.pk else to_create).append(score)
    Score.objects.bulk_create(to_create)
    Score.objects.bulk_update(to_update, ["value", "points", "working"], batch_size=bounds.BULK_BATCH_SIZE)
    run.computed_at = timezone.now()
    run.save(update_fields=["computed_at", "updated_at"])
    grade_run(run, scheme)


def _working(indicator: Indicator, value, inputs: dict, formula: str) -> dict:
    return {
        "kind": indicator.get_kind_display(),
        "method": indicator.get_method_display(),
        "inputs": {k: str(v) for k, v in inputs.items()},
        "value": str(value) if value is not None else None,
        "formula": formula,
        "weight": str(indicator.weight),
        "cap": str(indicator.cap) if indicator.cap is not None else None,
    }


def grade_run(run: AssessmentRun, scheme: Scheme) -> None:
    """Totals, bands (with the share cap on the top band) and ranks of every result of the run."""
    results = list(Result.objects.filter(run=run).prefetch_related("scores__indicator"))
    totals = {}
    for result in results:
        by_section: dict[str, list] = {s: [] for s in IndicatorSection.values}
        complete = True
        for score in result.scores.all():
            by_section[score.indicator.section].append(score.points)
            if (
                score.indicator.is_rated
                and score.rated_at is None
                and score.indicator.section == IndicatorSection.SCORE
            ):
                complete = False
        t = total_of(
            by_section[IndicatorSection.SCORE],
            by_section[IndicatorSection.BONUS],
            by_section[IndicatorSection.PENALTY],
            bonus_cap=scheme.bonus_cap,
            penalty_cap=scheme.penalty_cap,
        )
        result.base, result.bonus, result.penalty, result.total = t.base, t.bonus, t.penalty, t.total
        result.complete = complete
        result.working = {"formula": t.formula}
        totals[result.pk] = t.total
    bands = scheme.bands
    graded = grade_all(totals, bands, excellent_share_cap=scheme.excellent_share_cap)
    ranking = ranks(totals)
    for result in results:
        g = graded[result.pk]
        band = bands[g.band]
        result.grade, result.grade_name, result.rank = band["code"], band["name"], ranking[result.pk]
        reached = bands[g.band - 1 if g.capped else g.band]
        result.working["band"] = _("%(total)s分，达到“%(name)s”（%(min)s分以上）") % {
            "total": result.total,
            "name": reached["name"],
            "min": reached["min"],
        }
        if g.capped:
            result.working["capped"] = _("优秀比例不超过%(cap)s%%，按得分顺序调整为“%(name)s”") % {
                "cap": scheme.excellent_share_cap,
                "name": band["name"],
            }
    Result.objects.bulk_update(
        results,
        ["base", "bonus", "penalty", "total", "grade", "grade_name", "rank", "working", "complete"],
        batch_size=bounds.BULK_BATCH_SIZE,
    )


@transaction.atomic
def score_rate(*, actor, score: Score, value, note: str = "", evidence=None) -> Score:
    """A rater enters a rated item's points (base) or count (bonus/penalty), with an optional file."""
    run = RUNS.lock(score.result.run_id)  # one rater at a time per run: grades depend on every result
    score = (
        Score.objects.select_for_update(of=("self",))
        .select_related("indicator__rater_department", "result__run")
        .get(pk=score.pk)
    )
    require(permissions.can_rate(actor, score))
    indicator = score.indicator
    try:
        value = Decimal(str(value))
    except Exception as exc:
        raise ValidationError({"value": _("请填写数字。")}) from exc
    if indicator.method == ScoringMethod.RATED and not (0 <= value <= indicator.weight):
        raise ValidationError({"value": _("评分须在0至%(max)s分之间。") % {"max": indicator.weight}})
    if indicator.method == ScoringMethod.PER_UNIT and value < 0:
        raise ValidationError({"value": _("次数不能为负数。")})
    if evidence is not None:
        validate_upload(
            evidence, kinds=EVIDENCE_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES, field="evidence"
        )
        evidence.name = safe_filename(evidence.name)
    before = audit.snapshot(score, SCORE_AUDITED)
    pts = points_for(spec_of(indicator), value)
    score.value, score.points = q(value), pts.points
    score.note = (note or "").strip()[:500]
    score.rated_by, score.rated_at = actor, timezone.now()
    rater = actor.get_full_name() or actor.username
    score.working = _working(indicator, score.value, {_("评分人"): rater}, pts.formula)
    if evidence is not None:
        score.evidence = evidence
        score.evidence_name = evidence.name[:200]
    score.save()
    audit.record_saved(actor=actor, instance=score, before=before, fields=SCORE_AUDITED)
    grade_run(run, run.scheme)
    RUNS.record(run, actor=actor, action=RunEvent.Action.RATE, comment=f"{indicator.name}: {score.points}")
    return score


def run_transition(*, actor, run: AssessmentRun, action: str, comment: str = "") -> AssessmentRun:
    def check(move):
        if move.action == "close":
            missing = Score.objects.filter(
                result__run=move.instance,
                indicator__kind="rated",
                indicator__section=IndicatorSection.SCORE,
                rated_at__isnull=True,
            ).count()
            if missing:
                raise ValidationError(_("还有%(n)s项评分人打分的指标未评分，不能提交审核。") % {"n": missing})

    def apply(move):
        if move.action == "publish":
            move.instance.published_at = move.at

    def notices(move):
        if move.action != "publish":
            return []
        return [
            Notice(
                recipients=_subject_users(move.instance),
                message=_("%(run)s结果已公布。") % {"run": move.instance},
                url=reverse("assessment:run_detail", args=[move.instance.pk]),
            )
        ]

    return RUNS.fire(
        run, action=action, actor=actor, comment=comment, check=check, apply=apply, notices=notices
    )


def _subject_users(run: AssessmentRun):
    from accounts.models import User

    field = FIELD_OF[run.scheme.subject]
    ids = Result.objects.filter(run=run).values(f"{field}_id")
    return list(User.objects.filter(is_active=True, **{f"{field}_id__in": ids}))
