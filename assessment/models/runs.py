"""A year's assessment under one scheme (考核), its results per subject and the score of each indicator,
every score with its working. States and moves: assessment/workflow_assessment.py."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, WorkflowEvent
from core.models_base import (
    ScopedQuerySet,
    actor_field,
    event_fields,
    event_owner,
    moment_field,
    relation,
    state_field,
)
from core.storage import get_private_storage

from .common import NOTHING, SubjectMixin, is_office, one_subject_constraint, own_unit
from .schemes import Indicator, Scheme, rater_schemes


class RunState(models.TextChoices):
    RATING = "rating", _("评分中")
    REVIEW = "review", _("审核中")
    PUBLISHED = "published", _("已公布")


class RunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office: all. Raters: the runs of schemes they rate. Everyone of a business role: published."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if is_office(user):
            return self
        scope = own_unit(user)
        if scope == NOTHING:
            return self.none()
        raters = rater_schemes(user)
        published = Q(state=RunState.PUBLISHED)
        if raters == NOTHING:
            return self.filter(published)
        return self.filter(published | Q(scheme_id__in=Scheme.objects.filter(raters).values("pk")))


class AssessmentRun(TimeStampedModel):
    scheme = relation(Scheme, _("考核办法"), related_name="runs")
    year = models.PositiveSmallIntegerField(_("考核年度"))
    state = state_field(RunState.RATING)
    computed_at = moment_field(_("计算时间"))
    published_at = moment_field(_("公布时间"))
    started_by = actor_field(_("发起人"), null=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("年度考核")
        ordering = ["-year", "scheme__order"]
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="run_once_per_scheme_year")]

    def __str__(self):
        return f"{self.year} {self.scheme.name}"


class RunEvent(WorkflowEvent):
    class Action(models.TextChoices):
        CREATE = "create", _("发起")
        COMPUTE = "compute", _("重新计算")
        RATE = "rate", _("评分")
        CLOSE = "close", _("提交审核")
        REOPEN = "reopen", _("退回评分")
        PUBLISH = "publish", _("公布")

    run = event_owner(AssessmentRun)
    action, from_state, to_state = event_fields(Action, RunState)

    class Meta(WorkflowEvent.Meta):
        pass


def _result_scope(user, path: str = "") -> Q:
    """Who sees a result (at `path`): the office all; raters those of the schemes they rate; the
    subject itself its own once the run is published. Anyone else: NOTHING."""
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if is_office(user):
        return Q()
    prefix = f"{path}__" if path else ""
    own = own_unit(user, path)
    if own == NOTHING:
        return NOTHING
    scope = own & Q(**{f"{prefix}run__state": RunState.PUBLISHED})
    raters = rater_schemes(user)
    if raters != NOTHING:
        scope |= Q(**{f"{prefix}run__scheme_id__in": Scheme.objects.filter(raters).values("pk")})
    return scope


class ResultQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        return _result_scope(user)


class Result(SubjectMixin):
    run = relation(AssessmentRun, _("年度考核"), on_delete=models.CASCADE, related_name="results")
    base = models.DecimalField(_("基本分"), max_digits=7, decimal_places=2, default=0)
    bonus = models.DecimalField(_("加分"), max_digits=7, decimal_places=2, default=0)
    penalty = models.DecimalField(_("减分"), max_digits=7, decimal_places=2, default=0)
    total = models.DecimalField(_("总分"), max_digits=7, decimal_places=2, default=0)
    grade = models.CharField(_("等次代码"), max_length=20, blank=True)
    grade_name = models.CharField(_("等次"), max_length=20, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    # How the grade came about: the band reached and, where the share cap moved it down, why.
    working = models.JSONField(_("计算过程"), default=dict, blank=True)
    complete = models.BooleanField(_("评分完成"), default=False)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("考核结果")
        ordering = ["run", "rank", "id"]
        constraints = [
            one_subject_constraint("result_one_subject"),
            models.UniqueConstraint(
                fields=["run", "town"], condition=Q(town__isnull=False), name="result_town_once"
            ),
            models.UniqueConstraint(
                fields=["run", "department"],
                condition=Q(department__isnull=False),
                name="result_department_once",
            ),
            models.UniqueConstraint(
                fields=["run", "enterprise"],
                condition=Q(enterprise__isnull=False),
                name="result_enterprise_once",
            ),
        ]

    def __str__(self):
        return f"{self.run} · {self.unit_name}"


def score_evidence_path(instance, filename):
    return f"assessment/evidence/{instance.result.run_id}/{uuid.uuid4().hex}/{filename}"


class ScoreQuerySet(ScopedQuerySet):
    def scope(self, user) -> Q:
        return _result_scope(user, "result")


class Score(models.Model):
    """One indicator of one result: the value (computed or entered), the points, and the working."""

    result = relation(Result, _("考核结果"), on_delete=models.CASCADE, related_name="scores")
    indicator = relation(Indicator, _("考核指标"))
    value = models.DecimalField(_("指标值"), max_digits=14, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    # {"inputs": {...}, "formula": "…", "weight": "20"}
    working = models.JSONField(_("计算过程"), default=dict, blank=True)
    note = models.CharField(_("评分说明"), max_length=500, blank=True)
    rated_by = actor_field(_("评分人"), null=True, blank=True)
    rated_at = moment_field(_("评分时间"))
    evidence = models.FileField(
        _("佐证材料"), storage=get_private_storage, upload_to=score_evidence_path, max_length=200, blank=True
    )
    evidence_name = models.CharField(_("材料名称"), max_length=200, blank=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("指标得分")
        ordering = ["result", "indicator__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["result", "indicator"], name="score_once_per_indicator")
        ]

    def __str__(self):
        return f"{self.result} · {self.indicator.name}"
