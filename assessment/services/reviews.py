"""The quarterly review (一季一点评): generated from the quarter's data by the rules (idempotent per
quarter: a draft is regenerated, the office's edits kept), edited and confirmed by the office.
Confirming asks the escalation rules for proposals (services/supervision.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, bounds
from core.permissions import require
from core.workflow import Notice

from .. import permissions
from ..models import Colour, QuarterlyReview, ReviewEvent, ReviewRating, ReviewRule, ReviewState, Subject
from ..rules import Rule, propose
from ..selectors.portal_data import Period
from ..selectors.quarters import quarter_metrics, review_units
from ..workflow_assessment import REVIEWS

RATING_AUDITED = ["colour", "comment", "proposed", "edited"]


def _rules(programme) -> dict[str, list]:
    """{subject: [(Rule, days)]} of the programme, in order."""
    out: dict[str, list] = {"town": [], "department": []}
    for r in ReviewRule.objects.filter(programme=programme):
        metric = f"pending_reviews_{r.days}" if r.metric == "pending_reviews" else r.metric
        out[r.subject].append((Rule(r.code, metric, r.operator, r.threshold, r.colour, r.comment), r.days))
    return out


def _comment(reasons: list[dict]) -> str:
    return "".join(r["text"] for r in reasons) or _("本季度各项工作按计划推进。")


@transaction.atomic
def quarterly_review_generate(*, actor, programme, year: int, quarter: int, today=None) -> QuarterlyReview:
    require(permissions.can_manage(actor))
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("季度须为1至4。")})
    today = today or timezone.localdate()
    period = Period.quarter(year, quarter, today)
    if period.start > today:
        raise ValidationError({"quarter": _("该季度尚未开始，不能生成点评。")})
    review, created = QuarterlyReview.objects.get_or_create(
        programme=programme, year=year, quarter=quarter, defaults={"as_of": period.as_of}
    )
    review = REVIEWS.lock(review.pk)
    if review.state == ReviewState.CONFIRMED:
        return review
    review.as_of = period.as_of
    review.save(update_fields=["as_of", "updated_at"])
    rules = _rules(programme)
    days = {d for subject_rules in rules.values() for _r, d in subject_rules}
    metrics = quarter_metrics(period, days)
    towns, departments = review_units(programme)
    existing = {
        (r.subject, r.town_id or r.department_id): r for r in ReviewRating.objects.filter(review=review)
    }
    to_create: list = []
    to_update: list = []
    for subject, units in ((Subject.TOWN, towns), (Subject.DEPARTMENT, departments)):
        subject_rules = [r for r, _d in rules[subject]]
        for unit in units:
            values = metrics[subject].get(unit.pk, {})
            colour, reasons = propose(values, subject_rules)
            row = existing.get((subject, unit.pk)) or ReviewRating(
                review=review, subject=subject, **{subject: unit}
            )
            row.metrics = {k: (str(v) if v is not None else None) for k, v in values.items()}
            row.proposed, row.reasons = colour, reasons
            if not row.edited:
                row.colour, row.comment = colour, _comment(reasons)
            (to_update if row.pk else to_create).append(row)
    ReviewRating.objects.bulk_create(to_create)
    ReviewRating.objects.bulk_update(
        to_update, ["metrics", "proposed", "reasons", "colour", "comment"], batch_size=bounds.BULK_BATCH_SIZE
    )
    REVIEWS.record(
        review,
        actor=actor,
        action=ReviewEvent.Action.CREATE if created else ReviewEvent.Action.EDIT,
        comment="generate",
    )
    return review


@transaction.atomic
def review_rating_update(*, actor, rating: ReviewRating, colour: str, comment: str) -> ReviewRating:
    require(permissions.can_manage(actor))
    review = REVIEWS.lock(rating.review_id)
    rating = ReviewRating.objects.select_for_update().get(pk=rating.pk)
    if review.state != ReviewState.DRAFT:
        raise ValidationError(_("点评已确认，不能修改。"))
    if colour not in Colour.values:
        raise ValidationError({"colour": _("请选择红、黄或绿。")})
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("请填写点评意见。")})
    before = audit.snapshot(rating, RATING_AUDITED)
    rating.colour, rating.comment, rating.edited = colour, comment[:2000], True
    rating.save()
    audit.record_saved(actor=actor, instance=rating, before=before, fields=RATING_AUDITED)
    return rating


def review_confirm(*, actor, review: QuarterlyReview, comment: str = "") -> QuarterlyReview:
    from accounts.models import User

    from .supervision import escalation_propose

    def apply(move):
        move.instance.confirmed_at, move.instance.confirmed_by = move.at, actor

    def notices(move):
        ratings = ReviewRating.objects.filter(review=move.instance)
        users = User.objects.filter(is_active=True).filter(
            town_id__in=ratings.values("town_id")
        ) | User.objects.filter(is_active=True, department_id__in=ratings.values("department_id"))
        return [
            Notice(
                recipients=list(users),
                message=_("%(review)s已确认，请查看本单位的评价。") % {"review": move.instance},
                url=reverse("assessment:review_detail", args=[move.instance.pk]),
            )
        ]

    with transaction.atomic():
        review = REVIEWS.fire(
            review, action="confirm", actor=actor, comment=comment, apply=apply, notices=notices
        )
        escalation_propose(actor=actor, review=review)
    return review


RULE_EDITABLE = ["operator", "threshold", "days", "colour", "comment"]
ESCALATION_EDITABLE = ["colour", "quarters", "propose", "reason"]


@transaction.atomic
def rule_update(*, actor, rule, **fields):
    """The office changes a review rule (ReviewRule) or an escalation rule (EscalationRule); audited.
    The next generated review (or confirmed review, for escalation) applies it."""
    from ..models import EscalationRule

    require(permissions.can_manage(actor))
    editable = ESCALATION_EDITABLE if isinstance(rule, EscalationRule) else RULE_EDITABLE
    unknown = set(fields) - set(editable)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    rule = type(rule).objects.select_for_update().get(pk=rule.pk)
    before = audit.snapshot(rule, editable)
    for key, value in fields.items():
        setattr(rule, key, value)
    rule.full_clean()
    rule.save()
    audit.record_saved(actor=actor, instance=rule, before=before, fields=editable)
    return rule
