"""Supervision (督查): cases recorded by the office or proposed by the escalation rules (proposals
only: the office decides), and their rectification (report with a file, closing)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.permissions import require
from core.uploads import EVIDENCE_KINDS, safe_filename, validate_upload
from core.workflow import Notice

from .. import permissions
from ..models import (
    CaseEvent,
    CaseKind,
    CaseState,
    EscalationRule,
    QuarterlyReview,
    ReviewRating,
    ReviewState,
    Subject,
    SupervisionCase,
)
from ..rules import Escalation, escalate, previous_quarter
from ..workflow_assessment import CASES


def _leader(name: str | None, post: str | None) -> dict[str, str]:
    """The responsible leader's name and post as stored (trimmed to the fields' lengths); a None is
    left out, so that a decision keeps what the case names."""
    given = {"leader_name": (name, 40), "leader_post": (post, 60)}
    return {field: value.strip()[:length] for field, (value, length) in given.items() if value is not None}


@transaction.atomic
def case_create(
    *,
    actor,
    programme,
    subject: str,
    unit,
    kind: str,
    reason: str,
    leader_name: str = "",
    leader_post: str = "",
    deadline=None,
    trigger=None,
) -> SupervisionCase:
    """The office records a 通报批评, 约谈 or 诫勉谈话 it has decided (state: rectification under way)."""
    require(permissions.can_manage(actor))
    if subject not in (Subject.TOWN, Subject.DEPARTMENT):
        raise ValidationError({"subject": _("督查对象须为街镇或部门。")})
    if kind not in CaseKind.values:
        raise ValidationError({"kind": _("请选择通报批评、约谈或诫勉谈话。")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请写明督查理由。")})
    case = SupervisionCase(
        programme=programme,
        subject=subject,
        kind=kind,
        state=CaseState.OPEN,
        reason=reason[:5000],
        **_leader(leader_name or "", leader_post or ""),
        deadline=deadline,
        trigger=trigger or {},
        created_by=actor,
        **{subject: unit},
    )
    case.full_clean()
    case.save()
    CASES.record(case, actor=actor, action=CaseEvent.Action.CREATE, comment=reason[:300])
    return case


def escalation_propose(*, actor, review: QuarterlyReview) -> list[SupervisionCase]:
    """Proposals from the escalation rules after `review` is confirmed: one per unit, the most severe
    measure whose streak of quarters the unit reaches, once per rule and quarter. Never decided here."""
    rules = list(EscalationRule.objects.filter(programme=review.programme_id))
    if not rules:
        return []
    longest = max(r.quarters for r in rules)
    quarters, key = [], (review.year, review.quarter)
    for _i in range(longest):
        quarters.append(key)
        key = previous_quarter(*key)
    reviews = {
        (r.year, r.quarter): r
        for r in QuarterlyReview.objects.filter(
            programme=review.programme_id, state=ReviewState.CONFIRMED
        ).filter(year__in={y for y, _q in quarters})
    }
    reviews = {k: v for k, v in reviews.items() if k in quarters}
    colours: dict[tuple, dict] = {}
    for rating in ReviewRating.objects.filter(review__in=list(reviews.values())).select_related("review"):
        unit = (rating.subject, rating.town_id or rating.department_id)
        colours.setdefault(unit, {})[(rating.review.year, rating.review.quarter)] = rating
    by_code = {r.code: r for r in rules}
    declared = [Escalation(r.code, r.colour, r.quarters, r.propose) for r in rules]
    proposed = []
    for (subject, unit_id), ratings in colours.items():
        match = escalate({k: v.colour for k, v in ratings.items()}, review.year, review.quarter, declared)
        if match is None:
            continue
        rule = by_code[match.code]
        trigger_key = f"{rule.code}:{subject}:{unit_id}:{review.year}Q{review.quarter}"
        if SupervisionCase.objects.filter(trigger_key=trigger_key).exists():
            continue
        streak = [quarters[i] for i in range(rule.quarters)]
        trigger = {
            "rule": rule.code,
            "ratings": [
                {
                    "review": ratings[q].review_id,
                    "year": q[0],
                    "quarter": q[1],
                    "colour": ratings[q].colour,
                    "comment": ratings[q].comment[:200],
                }
                for q in streak
            ],
        }
        case = SupervisionCase.objects.create(
            programme_id=review.programme_id,
            subject=subject,
            kind=rule.propose,
            state=CaseState.PROPOSED,
            reason=rule.reason,
            trigger=trigger,
            trigger_key=trigger_key,
            rule=rule,
            created_by=None,
            **{f"{subject}_id": unit_id},
        )
        CASES.record(case, actor=actor, action=CaseEvent.Action.PROPOSE, comment=rule.reason)
        proposed.append(case)
    return proposed


def case_transition(
    *,
    actor,
    case: SupervisionCase,
    action: str,
    comment: str = "",
    report_text: str = "",
    report_file=None,
    deadline=None,
    leader_name=None,
    leader_post=None,
) -> SupervisionCase:
    def check(move):
        if move.action == "report":
            if not (report_text or "").strip() and report_file is None:
                raise ValidationError({"report_text": _("请填写整改情况或上传整改报告。")})
            if report_file is not None:
                validate_upload(
                    report_file,
                    kinds=EVIDENCE_KINDS,
                    max_bytes=settings.EVIDENCE_MAX_BYTES,
                    field="report_file",
                )
                report_file.name = safe_filename(report_file.name)

    def apply(move):
        c = move.instance
        if move.action == "decide":
            if deadline is not None:
                c.deadline = deadline
            for name, value in _leader(leader_name, leader_post).items():
                setattr(c, name, value)
        elif move.action == "report":
            c.report_text = (report_text or "").strip()[:5000]
            if report_file is not None:
                c.report_file, c.report_name = report_file, report_file.name[:200]
            c.reported_at = move.at
        elif move.action == "close":
            c.closed_at = move.at

    def notices(move):
        from accounts.models import User

        c = move.instance
        url = reverse("assessment:case_detail", args=[c.pk])
        if move.action in ("decide", "return"):
            users = User.objects.filter(is_active=True, **{f"{c.subject}_id": c.town_id or c.department_id})
            return [Notice(list(users), _("%(case)s：请按期整改并报送整改情况。") % {"case": c}, url)]
        if move.action == "report":
            return [
                Notice(
                    list(User.objects.filter(is_active=True, role="office")),
                    _("%(case)s已报送整改情况，请审核。") % {"case": c},
                    url,
                )
            ]
        return []

    return CASES.fire(
        case, action=action, actor=actor, comment=comment, check=check, apply=apply, notices=notices
    )
