"""Reporting calendars and the dues they create."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.constraints import between
from core.models import TimeStampedModel
from core.models_base import moment_field, year_field
from enterprises.fields import enterprise_field
from programs.fields import town_field
from programs.models import Pool

from .common import DEFAULT_DUE_DAY, DEFAULT_REMIND_DAYS
from .reports import Report
from .scope import EnterpriseScopedQuerySet

# --- dues --------------------------------------------------------------------------------------------


class ReportingCalendar(TimeStampedModel):
    """A pool's reporting calendar: monthly, due on `due_day` of the next month. Pools without a row
    use the defaults (the 5th, reminders 3 days before). Edited by the leadership office."""

    pool = models.OneToOneField(
        Pool, verbose_name=_("培育库"), on_delete=models.CASCADE, related_name="reporting_calendar"
    )
    due_day = models.PositiveSmallIntegerField(
        _("次月截止日"),
        default=DEFAULT_DUE_DAY,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("月报须于次月该日（含）前提交，1—28"),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("提前提醒天数"), default=DEFAULT_REMIND_DAYS, validators=[MaxValueValidator(20)]
    )
    is_active = models.BooleanField(_("需报送月报"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("报送日历")
        ordering = ["pool__order"]
        constraints = [between("due_day", 1, 28, "calendar_due_day_1_28")]

    def __str__(self):
        return f"{self.pool}: {self.due_day}"


class ReportDueQuerySet(EnterpriseScopedQuerySet):
    def missing(self, today):
        return self.filter(submitted_at__isnull=True, due_on__lt=today)


class ReportDue(models.Model):
    """A monthly report an enterprise owes: created for every enterprise with a pool entry of that year,
    reminded before `due_on`, marked late after it; `submitted_at` is the first submission."""

    enterprise = enterprise_field(_("企业"), on_delete=models.CASCADE, related_name="report_dues")
    year = year_field()
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_on = models.DateField(_("截止日期"))
    reminded_at = moment_field(_("提醒时间"))
    late_at = moment_field(_("逾期标记时间"))
    submitted_at = moment_field(_("提交时间"))
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ReportDueQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("应报月报")
        ordering = ["-year", "-month", "enterprise_id"]
        indexes = [
            models.Index(fields=["due_on", "submitted_at"], name="report_due_open_idx"),
            models.Index(fields=["enterprise", "submitted_at"], name="report_due_enterprise_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "month"], name="report_due_once"),
            between("month", 1, 12, "report_due_month_1_12"),
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.year}-{self.month:02d} ≤ {self.due_on}"


class LateSummary(models.Model):
    """What the late list (逾期情况) reads instead of aggregating every due on each request: per enterprise
    and year (year 0: all years), its dues counted as of `computed_for` — owed (due date passed), missing
    (not submitted after the due date), late (first submitted after it), the oldest missing due date.
    `next_change` is the first due date on or after `computed_for`: until that day passes the counts hold
    for any later day too. Kept by reporting/services/late_summary.py in the transaction of every write that moves
    a due (a report submitted, dues created or moved by a calendar); rows whose `next_change` has passed
    are recomputed by the daily task, and the whole table by `rebuild_late_summary`."""

    ALL_YEARS = 0

    enterprise = enterprise_field(_("企业"), on_delete=models.CASCADE)
    # The enterprise's town, copied so the late list's table by town is counted from this table alone
    # (kept by late_summary.refresh and, when an enterprise moves, by the receiver in reporting.apps).
    town = town_field(_("所属街镇"), null=True, blank=True)
    year = year_field()
    owed = models.PositiveIntegerField(_("已到期应报"), default=0)
    missing = models.PositiveIntegerField(_("逾期未报"), default=0)
    late = models.PositiveIntegerField(_("逾期报送"), default=0)
    oldest = models.DateField(_("最早截止"), null=True, blank=True)
    computed_for = models.DateField(_("统计日期"))
    next_change = models.DateField(_("下次变化日期"), null=True, blank=True)

    objects = EnterpriseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("逾期汇总")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="late_summary_once"),
        ]
        indexes = [
            models.Index(fields=["year", "-missing", "enterprise"], name="late_summary_list_idx"),
            models.Index(fields=["next_change"], name="late_summary_stale_idx"),
            models.Index(fields=["computed_for"], name="late_summary_computed_idx"),
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.year}: {self.missing}/{self.late}"
