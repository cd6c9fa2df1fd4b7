"""The quarterly review (一季一点评, 第25条): a red/yellow/green rating per town and department with
comments, proposed by rules that are data from the quarter's reporting figures, confirmed by the office."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import between, code_unique_in
from core.models import TimeStampedModel, WorkflowEvent
from core.models_base import (
    ScopedQuerySet,
    actor_field,
    event_fields,
    event_owner,
    moment_field,
    note_field,
    order_field,
    relation,
    state_field,
    year_field,
)
from programs.fields import programme_field

from .common import SubjectMixin, town_or_department_constraint, unit_scope


class Colour(models.TextChoices):
    GREEN = "green", _("绿")
    YELLOW = "yellow", _("黄")
    RED = "red", _("红")


COLOUR_RANK = {Colour.GREEN: 0, Colour.YELLOW: 1, Colour.RED: 2}


class ReviewMetric(models.TextChoices):
    ON_TIME_RATE = "on_time_rate", _("月报按时报送率（%）")
    MISSING_REPORTS = "missing_reports", _("未报月报数")
    OVERDUE_MILESTONES = "overdue_milestones", _("逾期节点数")
    PENDING_REVIEWS = "pending_reviews", _("超期未审申报数")


class RuleOperator(models.TextChoices):
    # 民法典第1259条: 低于 / 超过 exclude the number itself.
    BELOW = "below", _("低于")
    ABOVE = "above", _("超过")


class ReviewRule(models.Model):
    """One rule: when `metric` is below/above `threshold` for a subject, propose `colour` with `comment`."""

    programme = programme_field(_("方案"), on_delete=models.CASCADE, related_name="review_rules")
    code = models.SlugField(_("代码"), max_length=40)
    subject = models.CharField(
        _("适用对象"), max_length=12, choices=[("town", _("街镇")), ("department", _("部门"))]
    )
    metric = models.CharField(_("指标"), max_length=24, choices=ReviewMetric.choices)
    operator = models.CharField(_("条件"), max_length=8, choices=RuleOperator.choices)
    threshold = models.DecimalField(_("阈值"), max_digits=8, decimal_places=2)
    days = models.PositiveSmallIntegerField(
        _("超期天数"), default=15, help_text=_("超期未审申报：提交后超过该天数")
    )
    colour = models.CharField(_("提示"), max_length=8, choices=Colour.choices)
    comment = models.CharField(_("点评"), max_length=300)
    source = models.CharField(_("依据"), max_length=300, blank=True)
    order = order_field()

    class Meta:
        verbose_name = verbose_name_plural = _("点评规则")
        ordering = ["programme", "subject", "order", "id"]
        constraints = [code_unique_in("programme", "review_rule_code_once")]

    def __str__(self):
        return self.code


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("待确认")
    CONFIRMED = "confirmed", _("已确认")


class QuarterlyReviewQuerySet(ScopedQuerySet):
    """The office: all. Towns and departments: confirmed reviews (their own rows inside). Others: none."""

    def scope(self, user) -> Q:
        return unit_scope(user, lambda own: Q(state=ReviewState.CONFIRMED))


class QuarterlyReview(TimeStampedModel):
    programme = programme_field(_("方案"))
    year = year_field()
    quarter = models.PositiveSmallIntegerField(_("季度"))
    state = state_field(ReviewState.DRAFT)
    as_of = models.DateField(_("数据截至"))
    confirmed_at = moment_field(_("确认时间"))
    confirmed_by = actor_field(_("确认人"), null=True, blank=True)

    objects = QuarterlyReviewQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("季度点评")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year", "quarter"], name="review_once_per_quarter"),
            between("quarter", 1, 4, "review_quarter_1_4"),
        ]

    def __str__(self):
        return _("%(year)s年第%(q)s季度点评") % {"year": self.year, "q": self.quarter}


class ReviewEvent(WorkflowEvent):
    class Action(models.TextChoices):
        CREATE = "create", _("生成")
        EDIT = "edit", _("修改")
        CONFIRM = "confirm", _("确认")

    review = event_owner(QuarterlyReview)
    action, from_state, to_state = event_fields(Action, ReviewState)

    class Meta(WorkflowEvent.Meta):
        pass


class ReviewRatingQuerySet(ScopedQuerySet):
    """The office: all. A town or department: its own rows of confirmed reviews. Others: none."""

    def scope(self, user) -> Q:
        return unit_scope(user, lambda own: own & Q(review__state=ReviewState.CONFIRMED))


class ReviewRating(SubjectMixin):
    review = relation(QuarterlyReview, _("季度点评"), on_delete=models.CASCADE, related_name="ratings")
    # {"on_time_rate": "85.00", "due": 12, "on_time": 10, "overdue_milestones": 2, …}
    metrics = models.JSONField(_("季度数据"), default=dict, blank=True)
    proposed = models.CharField(_("建议评价"), max_length=8, choices=Colour.choices)
    # [{"rule": "code", "colour": "yellow", "text": "…"}]: the rules that fired, with the values.
    reasons = models.JSONField(_("触发规则"), default=list, blank=True)
    colour = models.CharField(_("评价"), max_length=8, choices=Colour.choices)
    comment = note_field(_("点评意见"))
    # The office changed the colour or the comment: regenerating keeps them (the proposal is updated).
    edited = models.BooleanField(_("办公室已修改"), default=False)

    objects = ReviewRatingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("季度评价")
        ordering = ["review", "subject", "town__order", "department__order"]
        constraints = [
            town_or_department_constraint("review_rating_one_unit"),
            models.UniqueConstraint(
                fields=["review", "town"], condition=Q(town__isnull=False), name="review_rating_town_once"
            ),
            models.UniqueConstraint(
                fields=["review", "department"],
                condition=Q(department__isnull=False),
                name="review_rating_department_once",
            ),
        ]

    def __str__(self):
        return f"{self.review} · {self.unit_name}"
