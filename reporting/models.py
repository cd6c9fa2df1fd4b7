"""Enterprise reporting (第19条 发展路径, 第25条 一月一调度) and the figures the pools are judged on.

- Figure: one value per (enterprise, year, month, metric, source); month 0 is the whole year; source
  is the official statistics (imported by departments) or the enterprise's confirmed self-report.
- Report: an enterprise's monthly report (figures of the month and progress per pool entry); drafts,
  submit, the town confirms or returns; a confirmed report is corrected by a new version.
- ReportDue: what each enterprise owes per month, its due date, reminder and lateness marks.
- DevelopmentPlan: per pool entry, goals by year, milestones and the town's path solution.
- FigureImport / FigureGrant: departments' imports and which columns each department may import.
- EnterpriseInvitation: the link a town official gives a new enterprise account to set its password.

Every write goes through services.py; visible_to(user) on each queryset is the one scoping place.
"""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, WorkflowEvent
from enterprises.models import Enterprise
from pools.models import Nomination, department_pools
from programs.models import Department, Pool, Town

from .figures import FigureCode

DEFAULT_DUE_DAY = 5  # monthly reports are due by the 5th of the next month unless the office says otherwise
DEFAULT_REMIND_DAYS = 3


def _role():
    from accounts.models import Role

    return Role


# The condition that admits no row (administrators, inactive accounts); visible_to turns it into none().
NOTHING = Q(pk__in=[])


def enterprise_scope(user, path: str = "enterprise") -> Q:
    """Whose reports, dues and figures a user sees, as a condition on the enterprise at `path` ("" for
    the Enterprise model itself). An allow-list by business role (第19条): the enterprise itself, its
    town, the office, and the departments that lead or are responsible for a pool the enterprise (or one
    of its projects) is in. Every other role (the administrators) sees nothing."""
    Role = _role()
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    own_id = f"{path}_id" if path else "pk"
    town_id = f"{path}__town_id" if path else "town_id"
    if user.role == Role.OFFICE:
        return Q()
    if user.role == Role.TOWN:
        return Q(**{town_id: user.town_id})
    if user.role == Role.ENTERPRISE:
        return Q(**{own_id: user.enterprise_id})
    if user.role == Role.DEPARTMENT:
        entries = Nomination.objects.in_pool().filter(pool_id__in=department_pools(user))
        return Q(**{f"{own_id}__in": entries.filter(enterprise__isnull=False).values("enterprise_id")}) | Q(
            **{f"{own_id}__in": entries.filter(project__isnull=False).values("project__enterprise_id")}
        )
    return NOTHING


class EnterpriseScopedQuerySet(models.QuerySet):
    """Rows of one enterprise, seen by whoever enterprise_scope() lets see the enterprise."""

    def visible_to(self, user):
        scope = enterprise_scope(user)
        return self.none() if scope == NOTHING else self.filter(scope)


class FigureQuerySet(EnterpriseScopedQuerySet):
    def visible_to(self, user):
        """Figures like reports (an enterprise's monthly self-reported numbers are as private as its
        report); a department also sees the official figures it imported itself."""
        Role = _role()
        scope = enterprise_scope(user)
        if user.is_authenticated and user.is_active and user.role == Role.DEPARTMENT:
            scope |= Q(source=FigureSource.OFFICIAL, department_id=user.department_id)
        return self.filter(scope)


class FigureSource(models.TextChoices):
    OFFICIAL = "official", _("统计数据")
    SELF = "self", _("企业自报")


class FigureGrant(models.Model):
    """Which figure columns a department imports (区统计局: output, revenue…; the tax bureaus: tax).
    Keyed by the department's code so the mapping loads before the programme file does."""

    department_code = models.SlugField(_("部门代码"), max_length=40)
    metric = models.CharField(_("指标"), max_length=32, choices=FigureCode.choices)

    class Meta:
        verbose_name = _("统计数据导入权限")
        verbose_name_plural = _("统计数据导入权限")
        ordering = ["department_code", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["department_code", "metric"], name="figure_grant_unique")
        ]

    def __str__(self):
        return f"{self.department_code}: {self.get_metric_display()}"


class FigureImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An import log row: the department that made it, and the office that follows the imports."""
        Role = _role()
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.role == Role.OFFICE:
            return self
        if user.role == Role.DEPARTMENT:
            return self.filter(department_id=user.department_id)
        return self.none()


class FigureImport(TimeStampedModel):
    """One department's import of an xlsx file: all rows or none."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("已导入")
        FAILED = "failed", _("未导入")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    status = models.CharField(_("结果"), max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(_("数据行"), default=0)
    figures = models.PositiveIntegerField(_("写入数据项"), default=0)
    columns = models.JSONField(_("导入指标"), default=list, blank=True)
    periods = models.JSONField(_("数据期别"), default=list, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    seconds = models.DecimalField(_("耗时（秒）"), max_digits=8, decimal_places=2, default=0)

    objects = FigureImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("统计数据导入")
        verbose_name_plural = _("统计数据导入")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.department} {self.file_name} {self.created_at:%Y-%m-%d %H:%M}"


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

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("更正的版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    state = models.CharField(_("状态"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    # {metric: {"value": "123.45", "ytd": "456.78"}}: value is the month's (当月), ytd the year's so far
    # (本年累计); employees have a value only (head count at the end of the month).
    figures = models.JSONField(_("本期数据"), default=dict, blank=True)
    note = models.TextField(_("总体情况"), blank=True)
    ytd_reason = models.TextField(_("累计值低于上月的原因"), blank=True)
    correction_reason = models.TextField(_("更正原因"), blank=True)
    comment = models.TextField(_("街镇意见"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("月度报告")
        verbose_name_plural = _("月度报告")
        ordering = ["-year", "-month", "enterprise_id", "-version"]
        indexes = [
            models.Index(fields=["year", "month", "state"], name="report_period_state_idx"),
            models.Index(fields=["state", "-submitted_at"], name="report_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="report_month_1_12", condition=Q(month__gte=1, month__lte=12)),
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
        from .figures import parse_amount

        raw = (self.figures or {}).get(code, {}).get(part)
        try:
            return parse_amount(raw, code=code)
        except ValueError:
            return None


class ReportEntry(models.Model):
    """Progress on one pool entry in a monthly report: free text and the plan's milestones."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="entries")
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("培育库入库"), on_delete=models.PROTECT, related_name="+"
    )
    progress = models.TextField(_("本月进展"), blank=True)
    problems = models.TextField(_("存在问题及需协调事项"), blank=True)
    # {milestone_id: status}: the state of each milestone of the entry's plan at the end of the month.
    milestones = models.JSONField(_("节点进度"), default=dict, blank=True)

    class Meta:
        verbose_name = _("入库对象进展")
        verbose_name_plural = _("入库对象进展")
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

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=10, choices=Action.choices)
    from_state = models.CharField(max_length=12, blank=True, choices=ReportState.choices)
    to_state = models.CharField(max_length=12, blank=True, choices=ReportState.choices)

    class Meta(WorkflowEvent.Meta):
        indexes = [models.Index(fields=["report", "created_at"], name="report_event_idx")]

    def __str__(self):
        return f"{self.report_id} {self.action}"


class Figure(models.Model):
    """One figure of one enterprise for one period, from one source. Official statistics win over the
    self-report where both exist (selectors.figures_for); both rows are kept so the gap can be shown."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
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
    batch = models.ForeignKey(
        FigureImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = FigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业数据")
        verbose_name_plural = _("企业数据")
        indexes = [
            # bulk derivation over all enterprises for one period
            models.Index(fields=["year", "month", "metric"], name="figure_period_metric_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "month", "metric", "source"], name="figure_key_unique"
            ),
            models.CheckConstraint(name="figure_month_0_12", condition=Q(month__gte=0, month__lte=12)),
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
        verbose_name = _("报送日历")
        verbose_name_plural = _("报送日历")
        ordering = ["pool__order"]
        constraints = [
            models.CheckConstraint(name="calendar_due_day_1_28", condition=Q(due_day__gte=1, due_day__lte=28))
        ]

    def __str__(self):
        return f"{self.pool}: {self.due_day}"


class ReportDueQuerySet(EnterpriseScopedQuerySet):
    def missing(self, today):
        return self.filter(submitted_at__isnull=True, due_on__lt=today)


class ReportDue(models.Model):
    """A monthly report an enterprise owes: created for every enterprise with a pool entry of that year,
    reminded before `due_on`, marked late after it; `submitted_at` is the first submission."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="report_dues"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_on = models.DateField(_("截止日期"))
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    late_at = models.DateTimeField(_("逾期标记时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ReportDueQuerySet.as_manager()

    class Meta:
        verbose_name = _("应报月报")
        verbose_name_plural = _("应报月报")
        ordering = ["-year", "-month", "enterprise_id"]
        indexes = [
            models.Index(fields=["due_on", "submitted_at"], name="report_due_open_idx"),
            models.Index(fields=["enterprise", "submitted_at"], name="report_due_enterprise_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "month"], name="report_due_once"),
            models.CheckConstraint(name="report_due_month_1_12", condition=Q(month__gte=1, month__lte=12)),
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.year}-{self.month:02d} ≤ {self.due_on}"


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A plan follows its pool entry: whoever sees the nomination sees its plan (第19条: the
        enterprise makes it, the town works out the path solution with it, the pool's lead and
        responsible departments guide, the office oversees)."""
        return self.filter(nomination__in=Nomination.objects.visible_to(user).values("pk"))


class DevelopmentPlan(TimeStampedModel):
    """发展路径 of one pool entry: the enterprise's goals and milestones, the town's path solution."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("培育库入库"), on_delete=models.PROTECT, related_name="development_plan"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="plans"
    )
    town = models.ForeignKey(Town, verbose_name=_("街镇"), on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("发展路径"), blank=True, help_text=_("企业制定的详细发展路径（第19条）"))
    path_solution = models.TextField(_("路径解决方案"), blank=True, help_text=_("街镇会同企业制定"))

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("发展路径")
        verbose_name_plural = _("发展路径")
        ordering = ["-nomination__year", "nomination__pool__order", "id"]

    def __str__(self):
        return f"{self.nomination}"


class PlanGoal(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="goals")
    year = models.PositiveSmallIntegerField(_("年度"))
    metric = models.CharField(_("指标"), max_length=32, choices=FigureCode.choices, blank=True)
    target = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2, null=True, blank=True)
    description = models.CharField(_("目标"), max_length=300)

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "metric"],
                condition=~Q(metric=""),
                name="plan_goal_once",
                violation_error_message=_("该年度已有此指标的目标。"),
            ),
            models.CheckConstraint(
                name="plan_goal_target_non_negative", condition=Q(target__isnull=True) | Q(target__gte=0)
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.description}"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    DELAYED = "delayed", _("滞后")


class Milestone(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=200)
    due_on = models.DateField(_("计划完成日期"))
    status = models.CharField(
        _("进度"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title

    def is_overdue(self, today) -> bool:
        return self.status != MilestoneStatus.DONE and self.due_on < today


class EnterpriseInvitation(models.Model):
    """A one-time link for a new enterprise account to set its own password (the account stays inactive
    until then). Only the token's SHA-256 is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enterprise_invitation"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    accepted_at = models.DateTimeField(_("启用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("企业账号邀请")
        verbose_name_plural = _("企业账号邀请")

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
