"""Monthly reports, their entries and events, and the figures they and the statistics carry."""

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import between
from core.models import TimeStampedModel, WorkflowEvent
from core.models_base import (
    actor_field,
    event_fields,
    event_index,
    event_owner,
    moment_field,
    note_field,
    relation,
    year_field,
)
from enterprises.fields import enterprise_field
from pools.models import Nomination
from programs.fields import department_field

from ..figures import FigureCode
from .figure_imports import FigureImport, FigureQuerySet, FigureSource
from .scope import EnterpriseScopedQuerySet, _role

# --- reports -----------------------------------------------------------------------------------------


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    CONFIRMED = "confirmed", _("已确认")
    SUPERSEDED = "superseded", _("已更正")


class ReportQuerySet(EnterpriseScopedQuerySet):
    def visible_to(self, user):
        qs = super().visible_to(user)
        Role = _role()
        if not (user.is_authenticated and user.role == Role.ENTERPRISE):
            qs = qs.exclude(state=ReportState.DRAFT)  # a draft is the enterprise's own until submitted
        return qs

    def current(self):
        """The version in force: confirmed, or the latest one not yet confirmed."""
        confirmed = Report.objects.filter(
            enterprise_id=models.OuterRef("enterprise_id"),
            year=models.OuterRef("year"),
            month=models.OuterRef("month"),
            state=ReportState.CONFIRMED,
        )
        # a correction in progress does not replace the confirmed version until it is confirmed itself
        return self.exclude(state=ReportState.SUPERSEDED).exclude(
            ~Q(state=ReportState.CONFIRMED) & models.Exists(confirmed)
        )


class Report(TimeStampedModel):
    """An enterprise's monthly report (月报): the figures of the month and progress on each pool entry."""

    enterprise = enterprise_field(_("企业"), related_name="reports")
    year = year_field()
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    previous = relation("self", _("更正的版本"), related_name="corrections", optional=True)
    state = models.CharField(_("状态"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    # {metric: {"value": "123.45", "ytd": "456.78"}}: value is the month's (当月), ytd the year's so far
    # (本年累计); employees have a value only (head count at the end of the month).
    figures = models.JSONField(_("本期数据"), default=dict, blank=True)
    note = note_field(_("总体情况"))
    ytd_reason = note_field(_("累计值低于上月的原因"))
    correction_reason = note_field(_("更正原因"))
    comment = note_field(_("街镇意见"))
    submitted_at = moment_field(_("提交时间"))
    submitted_by = actor_field(null=True, blank=True)
    decided_at = moment_field(_("确认时间"))
    decided_by = actor_field(_("确认人"), null=True, blank=True)
    created_by = actor_field(null=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("月度报告")
        ordering = ["-year", "-month", "enterprise_id", "-version"]
        indexes = [
            models.Index(fields=["year", "month", "state"], name="report_period_state_idx"),
            models.Index(fields=["state", "-submitted_at"], name="report_queue_idx"),
            models.Index(fields=["-year", "-month", "enterprise", "-version"], name="report_list_idx"),
        ]
        constraints = [
            between("month", 1, 12, "report_month_1_12"),
            models.UniqueConstraint(
                fields=["enterprise", "year", "month", "version"], name="report_version_unique"
            ),
            # One version in progress and one confirmed per period at any time.
            models.UniqueConstraint(
                fields=["enterprise", "year", "month"],
                name="report_one_open_per_period",
                condition=Q(state__in=["draft", "submitted", "returned"]),
            ),
            models.UniqueConstraint(
                fields=["enterprise", "year", "month"],
                name="report_one_confirmed_per_period",
                condition=Q(state="confirmed"),
            ),
        ]

    def __str__(self):
        label = _("%(year)s年%(month)s月报告") % {"year": self.year, "month": self.month}
        suffix = _("（第%(v)s版）") % {"v": self.version} if self.version > 1 else ""
        return f"{self.enterprise.name if self.enterprise_id else ''} {label}{suffix}"

    @property
    def period(self) -> date:
        return date(self.year, self.month, 1)

    def figure(self, code: str, part: str = "value"):
        from ..figures import parse_amount

        raw = (self.figures or {}).get(code, {}).get(part)
        try:
            return parse_amount(raw, code=code)
        except ValueError:
            return None


class ReportEntry(models.Model):
    """Progress on one pool entry in a monthly report: free text and the plan's milestones."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="entries")
    nomination = relation(Nomination, _("培育库入库"))
    progress = note_field(_("本月进展"))
    problems = note_field(_("存在问题及需协调事项"))
    # {milestone_id: status}: the state of each milestone of the entry's plan at the end of the month.
    milestones = models.JSONField(_("节点进度"), default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("入库对象进展")
        ordering = ["report", "nomination__pool__order", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "nomination"], name="report_entry_once")]

    def __str__(self):
        return f"{self.report_id} · {self.nomination_id}"


class ReportEvent(WorkflowEvent):
    """The report's history: every transition and comment, shown on the report."""

    class Action(models.TextChoices):
        CREATE = "create", _("创建")
        EDIT = "edit", _("修改")
        SUBMIT = "submit", _("提交")
        CONFIRM = "confirm", _("确认")
        RETURN = "return", _("退回")
        CORRECT = "correct", _("发起更正")

    report = event_owner(Report)
    action, from_state, to_state = event_fields(Action, ReportState)

    class Meta(WorkflowEvent.Meta):
        indexes = [event_index("report", "report_event_idx")]

    def __str__(self):
        return f"{self.report_id} {self.action}"


# --- figures -----------------------------------------------------------------------------------------


class Figure(models.Model):
    """One figure of one enterprise for one period, from one source. Official statistics win over the
    self-report where both exist (selectors.figures_for); both rows are kept so the gap can be shown."""

    enterprise = enterprise_field(_("企业"), on_delete=models.CASCADE, related_name="figures")
    year = year_field()
    month = models.PositiveSmallIntegerField(_("月份"), help_text=_("0 表示全年"))
    metric = models.CharField(_("指标"), max_length=32, choices=FigureCode.choices)
    source = models.CharField(_("来源"), max_length=8, choices=FigureSource.choices)
    value = models.DecimalField(
        _("本期值"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("当月值；全年数据为全年值"),
    )
    ytd = models.DecimalField(_("本年累计"), max_digits=14, decimal_places=2, null=True, blank=True)
    # Provenance: the report version (self) or the import and department (official).
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    batch = relation(FigureImport, on_delete=models.SET_NULL, optional=True)
    department = department_field(optional=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = FigureQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("企业数据")
        indexes = [
            # bulk derivation over all enterprises for one period
            models.Index(fields=["year", "month", "metric"], name="figure_period_metric_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "month", "metric", "source"], name="figure_key_unique"
            ),
            between("month", 0, 12, "figure_month_0_12"),
            models.CheckConstraint(
                name="figure_value_non_negative", condition=Q(value__isnull=True) | Q(value__gte=0)
            ),
            models.CheckConstraint(
                name="figure_ytd_non_negative", condition=Q(ytd__isnull=True) | Q(ytd__gte=0)
            ),
            models.CheckConstraint(
                name="figure_has_a_value", condition=Q(value__isnull=False) | Q(ytd__isnull=False)
            ),
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.year}-{self.month:02d} {self.metric} {self.source}"
