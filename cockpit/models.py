"""The leadership cockpit's summary tables (领导驾驶舱).

Every row is written by services.refresh_cockpit (nightly, after the events that change them, and by
`manage.py refresh_cockpit`); the page reads only these rows, never the raw figures. Who sees which
row is decided in each QuerySet's visible_to() (docs/access.md): the office the district, a town its
own town's rows, a department the rows of its pools and of the indicators it leads.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import between
from core.models import TimeStampedModel
from core.models_base import NOTHING, ScopedQuerySet, actor_field, relation, year_field, yuan_field
from programs.fields import department_field, pool_field, town_field
from programs.models import DistrictIndicator


def _role():
    from accounts.models import Role

    return Role


def _business(user) -> bool:
    Role = _role()
    return user.is_authenticated and user.is_active and user.role in (Role.OFFICE, Role.TOWN, Role.DEPARTMENT)


def _department_pools(user):
    from pools.models import department_pools

    return department_pools(user)


def _department_indicators(user):
    return DistrictIndicator.objects.filter(lead_departments=user.department_id).values("pk")


def summary_once(name: str, *fields: str) -> models.UniqueConstraint:
    """One summary row per `fields`; an empty town or department (the district's row) counts as one
    value too, so a refresh cannot write that row twice (NULLs not distinct)."""
    return models.UniqueConstraint(fields=list(fields), name=name, nulls_distinct=False)


class RunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """When the summary tables were refreshed: every business role that opens the cockpit."""
        return self if _business(user) else self.none()


class CockpitRun(models.Model):
    """The last refresh of one year's summary rows: when it ran, as of which date, how long."""

    year = year_field(unique=True)
    as_of = models.DateField(_("数据截至日期"))
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"))
    seconds = models.DecimalField(_("耗时（秒）"), max_digits=8, decimal_places=2, default=0)
    rows = models.PositiveIntegerField(_("汇总行数"), default=0)

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("驾驶舱刷新")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} {self.finished_at:%Y-%m-%d %H:%M}"


class TownScopedQuerySet(ScopedQuerySet):
    """Office: all rows. Town: `town_filter` (its own town's rows). Department: `department_filter`.
    Others: none."""

    def town_filter(self, user) -> Q:
        return Q(town_id=user.town_id)

    def department_filter(self, user) -> Q:
        return NOTHING

    def scope(self, user) -> Q:
        Role = _role()
        if not _business(user):
            return NOTHING
        if user.role == Role.OFFICE:
            return Q()
        if user.role == Role.TOWN:
            return self.town_filter(user)
        return self.department_filter(user)


class IndicatorQuerySet(TownScopedQuerySet):
    def department_filter(self, user) -> Q:
        # A department: the district rows of the indicators it leads (its own figures).
        return Q(town__isnull=True, indicator_id__in=_department_indicators(user))


class ActualSource(models.TextChoices):
    DERIVED = "derived", _("系统取数")
    ENTERED = "entered", _("办公室填报")
    UNKNOWN = "unknown", _("暂无数据")


class IndicatorActual(models.Model):
    """One indicator's target and actual for one year as of the end of one month, for the district
    (town empty) or one town's contribution (no target)."""

    year = year_field()
    month = models.PositiveSmallIntegerField(_("截至月份"))
    indicator = models.ForeignKey(DistrictIndicator, on_delete=models.CASCADE, related_name="+")
    town = town_field(on_delete=models.CASCADE, optional=True)
    target = models.DecimalField(_("目标值"), max_digits=16, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(_("完成值"), max_digits=16, decimal_places=2, null=True, blank=True)
    numerator = yuan_field(null=True, blank=True)
    denominator = yuan_field(null=True, blank=True)
    source = models.CharField(_("来源"), max_length=8, choices=ActualSource.choices)
    source_note = models.CharField(_("来源说明"), max_length=300, blank=True)
    period = models.CharField(_("数据期"), max_length=40, blank=True)
    time_progress = models.DecimalField(_("时间进度"), max_digits=5, decimal_places=1)
    completion = models.DecimalField(_("完成率"), max_digits=8, decimal_places=1, null=True, blank=True)
    behind = models.BooleanField(_("落后于时间进度"), default=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("目标完成情况")
        ordering = ["year", "month", "indicator__order", "town__order"]
        indexes = [models.Index(fields=["year", "month", "town"], name="cockpit_indicator_idx")]
        constraints = [summary_once("cockpit_indicator_once", "year", "month", "indicator", "town")]

    def __str__(self):
        return f"{self.indicator_id} {self.year}-{self.month}"


class PoolQuerySet(TownScopedQuerySet):
    def department_filter(self, user) -> Q:
        return Q(pool_id__in=_department_pools(user))


class PoolStatus(models.Model):
    """One pool's nominations of one year by state at the end of one month (pools.models.state_at),
    for the district (town empty, with the quota and what its windows closed by then should have
    delivered) or one town. `submitted` counts only nominations ever submitted by then (what a
    department sees)."""

    year = year_field()
    month = models.PositiveSmallIntegerField(_("截至月份"))
    pool = pool_field(on_delete=models.CASCADE)
    town = town_field(on_delete=models.CASCADE, optional=True)
    states = models.JSONField(_("各状态数"), default=dict)
    submitted = models.JSONField(_("已提交过的各状态数"), default=dict)
    in_pool = models.PositiveIntegerField(_("在库数"), default=0)
    quota_min = models.PositiveIntegerField(_("数量下限"), null=True, blank=True)
    quota_max = models.PositiveIntegerField(_("数量上限"), null=True, blank=True)
    expected = models.PositiveIntegerField(_("按进度应达"), null=True, blank=True)
    by_windows = models.BooleanField(_("按申报窗口计算"), default=False)

    objects = PoolQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("培育库完成情况")
        ordering = ["year", "month", "pool__order", "town__order"]
        constraints = [summary_once("cockpit_pool_month_once", "year", "month", "pool", "town")]

    def __str__(self):
        return f"{self.pool_id} {self.year}"


class CreditQuerySet(TownScopedQuerySet):
    def department_filter(self, user) -> Q:
        # Departments read every rating (pools sort by them): the district rows.
        return Q(town__isnull=True)


class CreditGrade(models.Model):
    """Enterprises by credit grade at the end of a month ('' = existing but not yet rated), for the
    district or one town (from the rating history: credit/history.py). Months with no enterprise
    of a grade have no row."""

    month = models.DateField(_("月份"))
    town = town_field(on_delete=models.CASCADE, optional=True)
    grade = models.CharField(_("等级"), max_length=3, blank=True)
    n = models.PositiveIntegerField(_("企业数"), default=0)

    objects = CreditQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("信用等级分布")
        constraints = [summary_once("cockpit_grade_month_once", "month", "town", "grade")]

    def __str__(self):
        return f"{self.town_id} {self.grade} {self.n}"


class CreditMonth(models.Model):
    """Per month: enterprises on the blacklist at its end (then, including those removed since: from
    the rating history and the blacklist entries, credit/history.py) and adverse credit records that
    occurred in it, for the district or one town."""

    month = models.DateField(_("月份"))
    town = town_field(on_delete=models.CASCADE, optional=True)
    blacklisted = models.PositiveIntegerField(_("黑名单企业数"), default=0)
    adverse = models.PositiveIntegerField(_("不良记录数"), default=0)

    objects = CreditQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("信用月度情况")
        ordering = ["month"]
        constraints = [summary_once("cockpit_credit_month_once", "month", "town")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.town_id}"


class LateQuerySet(TownScopedQuerySet):
    def department_filter(self, user) -> Q:
        return Q(department_id=user.department_id)


class LateReports(models.Model):
    """Enterprises with monthly reports of one year missing after their due date or submitted late
    (the late-reports list's rule, reporting.selectors.late_by_enterprise) at the end of one month
    (its last day, or the refresh day within the current month: `as_of`), for
    the district (town and department empty), one town, or the enterprises in one department's
    pools."""

    year = year_field()
    month = models.PositiveSmallIntegerField(_("截至月份"), default=12)
    town = town_field(on_delete=models.CASCADE, optional=True)
    department = department_field(on_delete=models.CASCADE, optional=True)
    enterprises = models.PositiveIntegerField(_("逾期企业数"), default=0)
    as_of = models.DateField(_("数据截至日期"))

    objects = LateQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("逾期报送情况")
        constraints = [summary_once("cockpit_late_month_once", "year", "month", "town", "department")]

    def __str__(self):
        return f"{self.year} {self.town_id} {self.department_id} {self.enterprises}"


class FundMonthQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Those who read the fund overview (the office, 基金管理机构, 区金融办, 区财政局): all rows;
        nobody else."""
        from funds.permissions import is_fund_overseer

        return self if is_fund_overseer(user) and user.is_active else self.none()


class FundMonth(models.Model):
    """One sub-fund's figures at the end of one month (the last day, or the refresh day within the
    current month), from its ledger entries dated by then (funds.selectors.figures_at); amounts in 元.
    `paused` is known only for the current month (no pause history is kept): empty before."""

    month = models.DateField(_("月份"))
    as_of = models.DateField(_("数据截至日期"))
    sub_fund = models.ForeignKey("funds.SubFund", on_delete=models.CASCADE, related_name="+")
    size = yuan_field(_("规模"), default=0)
    paid_in = yuan_field(_("实缴"), default=0)
    deployed = yuan_field(_("累计投放"), default=0)
    outstanding = yuan_field(_("余额"), default=0)
    available = yuan_field(_("可用资金"), default=0)
    net_capital = yuan_field(_("净资产"), default=0)
    exposure = yuan_field(_("担保责任余额"), default=0)
    n_overdue_1 = models.PositiveIntegerField(_("逾期1—3天笔数"), default=0)
    overdue_1 = yuan_field(_("逾期1—3天金额"), default=0)
    n_overdue_4 = models.PositiveIntegerField(_("逾期4—10天笔数"), default=0)
    overdue_4 = yuan_field(_("逾期4—10天金额"), default=0)
    n_overdue_11 = models.PositiveIntegerField(_("逾期10天以上笔数"), default=0)
    overdue_11 = yuan_field(_("逾期10天以上金额"), default=0)
    has_entries = models.BooleanField(_("已有记账"), default=False)
    paused = models.BooleanField(_("暂停新增"), null=True)
    written_at = models.DateTimeField(_("刷新时间"), auto_now_add=True)

    objects = FundMonthQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("子基金月末情况")
        ordering = ["month", "sub_fund"]
        constraints = [models.UniqueConstraint(fields=["month", "sub_fund"], name="cockpit_fund_month_once")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.sub_fund_id}"


class AlertQuerySet(TownScopedQuerySet):
    def department_filter(self, user) -> Q:
        return Q(pool_id__in=_department_pools(user)) | Q(indicator_id__in=_department_indicators(user))


class Alert(models.Model):
    """A warning (预警) for the leaders, with the link to what is behind it."""

    class Kind(models.TextChoices):
        INDICATOR_BEHIND = "indicator_behind", _("指标落后于时间进度")
        POOL_BELOW_QUOTA = "pool_below_quota", _("培育库低于年度数量")
        CREDIT_SPIKE = "credit_spike", _("不良信用记录激增")
        SOURCE = "source", _("其他")

    year = year_field()
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    town = town_field(on_delete=models.CASCADE, optional=True)
    pool = pool_field(on_delete=models.CASCADE, optional=True)
    indicator = relation(DistrictIndicator, on_delete=models.CASCADE, optional=True)
    message = models.CharField(_("内容"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("预警")
        ordering = ["year", "kind", "id"]

    def __str__(self):
        return self.message


class EntryQuerySet(TownScopedQuerySet):
    """Office-entered actuals: the office; a department those of the indicators it leads."""

    def town_filter(self, user) -> Q:
        return NOTHING

    def department_filter(self, user) -> Q:
        return Q(indicator_id__in=_department_indicators(user))


class ActualEntry(TimeStampedModel):
    """An actual the portal's data cannot give, entered by the office with its source (audited)."""

    indicator = relation(DistrictIndicator, _("指标"), on_delete=models.CASCADE)
    year = year_field()
    month = models.PositiveSmallIntegerField(_("截至月份"))
    value = models.DecimalField(_("完成值"), max_digits=16, decimal_places=2)
    source_note = models.CharField(_("数据来源"), max_length=300)
    entered_by = actor_field(_("填报人"))

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("完成值填报")
        ordering = ["indicator__order", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "month"], name="cockpit_entry_once"),
            between("month", 1, 12, "cockpit_entry_month_1_12"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}-{self.month}"
