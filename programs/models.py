"""The policy as data: organisations, programmes, paths, pools, criteria, quotas and targets.

Nothing here holds a figure of 罗发〔2016〕23号 in code: everything is loaded from a programme file
(see programs/data/) and edited by the leadership office.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class ReferenceQuerySet(models.QuerySet):
    """Reference data (towns, departments, industries, the programme) is public inside the portal."""

    def visible_to(self, user):
        return self if user.is_authenticated else self.none()


class Department(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政府部门")
        JUDICIAL = "judicial", _("司法机关")
        FINANCIAL = "financial", _("金融机构")
        AGENCY = "agency", _("其他机构")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.GOVERNMENT)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Town(models.Model):
    class Kind(models.TextChoices):
        STREET = "street", _("街道")
        TOWN = "town", _("镇")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices)
    division_code = models.CharField(_("区划代码"), max_length=12, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("街镇")
        verbose_name_plural = _("街镇")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Industry(models.Model):
    """国民经济行业分类 (GB/T 4754-2017) 大类."""

    code = models.CharField(_("行业代码"), max_length=8, unique=True)
    name = models.CharField(_("行业名称"), max_length=60)
    section = models.CharField(_("门类"), max_length=2, default="C")

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class LeadingIndustry(models.Model):
    """主导产业 (e.g. 新型陶瓷). A programme names the ones it cultivates."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("主导产业")
        verbose_name_plural = _("主导产业")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Park(models.Model):
    """工业特色小镇 or 工业产业园 (item 6, 11)."""

    class Kind(models.TextChoices):
        CHARACTERISTIC_TOWN = "characteristic_town", _("工业特色小镇")
        INDUSTRIAL_PARK = "industrial_park", _("工业产业园")

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区级")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices, blank=True)
    town = models.ForeignKey(
        Town, verbose_name=_("所在街镇"), null=True, blank=True, on_delete=models.PROTECT
    )
    leading_industry = models.ForeignKey(
        LeadingIndustry, verbose_name=_("主导产业"), null=True, blank=True, on_delete=models.PROTECT
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("特色小镇（产业园）")
        verbose_name_plural = _("特色小镇（产业园）")
        ordering = ["kind", "code"]

    def __str__(self):
        return self.name


class ProgrammeQuerySet(ReferenceQuerySet):
    def current(self):
        return self.filter(is_current=True).first() or self.order_by("-start_year").first()


class Programme(TimeStampedModel):
    """A three-year plan such as 罗发〔2016〕23号 (2017–2019)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    doc_number = models.CharField(_("文号"), max_length=40)
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发文机关"), max_length=100, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("起始年度"))
    end_year = models.PositiveSmallIntegerField(_("截止年度"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    is_current = models.BooleanField(_("当前执行"), default=False)
    leading_industries = models.ManyToManyField(LeadingIndustry, verbose_name=_("主导产业"), blank=True)
    source_file = models.CharField(_("来源文件"), max_length=200, blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("三年行动方案")
        verbose_name_plural = _("三年行动方案")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                name="programme_years_ordered", condition=Q(end_year__gte=models.F("start_year"))
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_programme",
                violation_error_message=_("只能有一个当前执行的方案：请用“设为当前执行”切换。"),
            ),
        ]

    def __str__(self):
        return f"{self.doc_number}（{self.start_year}—{self.end_year}）"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class DevelopmentPath(models.Model):
    """One of the ten development paths (十条路径), e.g. 梯次化 `tiered`."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="paths"
    )
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=40)
    title = models.CharField(_("标题"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("发展路径")
        verbose_name_plural = _("发展路径")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="path_code_unique_in_programme")
        ]

    def __str__(self):
        return self.name


class SubjectKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    PROJECT = "project", _("项目")


class Pool(models.Model):
    """A cultivation pool (培育库), e.g. 骨干型 `backbone`."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="pools"
    )
    path = models.ForeignKey(
        DevelopmentPath, verbose_name=_("发展路径"), on_delete=models.PROTECT, related_name="pools"
    )
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=40)
    subject = models.CharField(_("入库对象"), max_length=12, choices=SubjectKind.choices)
    item_no = models.PositiveSmallIntegerField(_("条款"), null=True, blank=True, help_text=_("文件第几条"))
    goal = models.TextField(_("培育目标"), blank=True)
    quota_note = models.CharField(_("数量说明"), max_length=100, blank=True)
    lead_departments = models.ManyToManyField(
        Department, verbose_name=_("牵头部门"), related_name="led_pools"
    )
    responsible_departments = models.ManyToManyField(
        Department, verbose_name=_("责任部门"), related_name="responsible_pools", blank=True
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("培育库")
        verbose_name_plural = _("培育库")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="pool_code_unique_in_programme")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.path_id and self.programme_id and self.path.programme_id != self.programme_id:
            raise ValidationError({"path": _("发展路径须属于同一方案。")})


class PoolQuota(models.Model):
    """A pool's yearly quota: at least `quota_min` (每年N家以上), or a range (15—20家).
    Both empty means the text fixes no number (入镇企业数量：分行业确定)."""

    pool = models.ForeignKey(Pool, verbose_name=_("培育库"), on_delete=models.CASCADE, related_name="quotas")
    year = models.PositiveSmallIntegerField(_("年度"))
    quota_min = models.PositiveIntegerField(_("数量下限"), null=True, blank=True)
    quota_max = models.PositiveIntegerField(_("数量上限"), null=True, blank=True)
    is_new_additions = models.BooleanField(_("按新增计"), default=False, help_text=_("文件写“每年新增”"))

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度数量")
        verbose_name_plural = _("年度数量")
        ordering = ["pool", "year"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "year"], name="quota_unique_per_pool_year"),
            models.CheckConstraint(
                name="quota_range_ordered",
                condition=Q(quota_max__isnull=True)
                | Q(quota_min__isnull=True)
                | Q(quota_max__gte=models.F("quota_min")),
            ),
        ]

    def __str__(self):
        return f"{self.pool} {self.year}: {self.display}"

    @property
    def display(self) -> str:
        if self.quota_min is None and self.quota_max is None:
            return str(_("不设数量"))
        if self.quota_max is None:
            return f"≥ {self.quota_min}"
        if self.quota_min is None:
            return f"≤ {self.quota_max}"
        return f"{self.quota_min}—{self.quota_max}"

    def clean(self):
        if (
            self.pool_id
            and self.pool.programme
            and not (self.pool.programme.start_year <= self.year <= self.pool.programme.end_year)
        ):
            raise ValidationError({"year": _("年度须在方案期限内。")})
        if self.quota_min is not None and self.quota_max is not None and self.quota_max < self.quota_min:
            raise ValidationError({"quota_max": _("数量上限不能小于下限。")})


class Metric(models.TextChoices):
    """Figures the quantitative criteria compare; the codes are the API's."""

    OUTPUT_VALUE = "output_value", _("产值")
    MAIN_REVENUE_GROWTH = "main_revenue_growth", _("主营业务收入年增幅")
    TAX_GROWTH = "tax_growth", _("纳税额年增幅")
    PROJECT_INVESTMENT = "project_investment", _("项目投资额")
    INVESTMENT_GROWTH = "investment_growth", _("投资增幅")
    HIGH_END_REVENUE_SHARE = "high_end_revenue_share", _("高端产品主营业务收入占比")
    RD_RATIO = "rd_ratio", _("研发投入占销售收入比重")
    CUSTOM_ORDER_GROWTH = "custom_order_growth", _("个性化定制订单额年增长率")
    TOTAL_INVESTMENT = "total_investment", _("项目总投资")


METRIC_UNITS = {
    Metric.OUTPUT_VALUE: "万元",
    Metric.PROJECT_INVESTMENT: "万元",
    Metric.TOTAL_INVESTMENT: "万元",
}


def metric_unit(metric: str) -> str:
    return METRIC_UNITS.get(metric, "%")


class Operator(models.TextChoices):
    GTE = ">=", "≥"
    GT = ">", ">"
    LTE = "<=", "≤"
    LT = "<", "<"


# 民法典 第1259条: 以上、以下、以内、届满 include the number; 不满、超过、以外 exclude it.
# The text's 不低于 means "not below" (≥); 超/过 read as 超过 (>).
BOUNDARY_WORDS = {
    "以上": Operator.GTE,
    "不低于": Operator.GTE,
    "不少于": Operator.GTE,
    "达到": Operator.GTE,
    "超": Operator.GT,
    "过": Operator.GT,
    "超过": Operator.GT,
    "以下": Operator.LTE,
    "以内": Operator.LTE,
    "不超过": Operator.LTE,
    "不满": Operator.LT,
    "低于": Operator.LT,
}


class Criterion(models.Model):
    """A recognition criterion (认定标准) of a pool: a figure compared with a threshold, or a
    qualitative condition that needs evidence and a reviewer's confirmation."""

    class Kind(models.TextChoices):
        QUANTITATIVE = "quantitative", _("定量")
        QUALITATIVE = "qualitative", _("定性")

    pool = models.ForeignKey(
        Pool, verbose_name=_("培育库"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.SlugField(_("代码"), max_length=60)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    metric = models.CharField(_("指标"), max_length=40, choices=Metric.choices, blank=True)
    boundary_word = models.CharField(
        _("界限用语"), max_length=8, blank=True, help_text=_("文件原文用语，如“以上”“超”“不低于”")
    )
    operator = models.CharField(_("比较"), max_length=2, choices=Operator.choices, blank=True)
    threshold = models.DecimalField(_("门槛值"), max_digits=16, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=8, blank=True)
    description = models.CharField(_("条件表述"), max_length=300)
    # Criteria sharing a group are alternatives: one of them suffices (the text's 领域 lists,
    # e.g. "互联网+" fields). An empty group means the criterion is required on its own.
    group = models.SlugField(_("可选组"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("认定标准")
        verbose_name_plural = _("认定标准")
        ordering = ["pool", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "code"], name="criterion_code_unique_in_pool"),
            models.CheckConstraint(
                name="quantitative_criterion_complete",
                condition=Q(kind="qualitative")
                | (Q(kind="quantitative") & ~Q(metric="") & ~Q(operator="") & Q(threshold__isnull=False)),
            ),
        ]

    def __str__(self):
        return self.description

    def clean(self):
        if self.kind == self.Kind.QUANTITATIVE:
            errors = {}
            if not self.metric:
                errors["metric"] = _("定量标准须指定指标。")
            if self.threshold is None:
                errors["threshold"] = _("定量标准须填写门槛值。")
            if self.boundary_word and self.boundary_word not in BOUNDARY_WORDS:
                errors["boundary_word"] = _("无法识别的界限用语“%(word)s”。") % {"word": self.boundary_word}
            if errors:
                raise ValidationError(errors)
            if self.boundary_word and not self.operator:
                self.operator = BOUNDARY_WORDS[self.boundary_word]
            if not self.operator:
                raise ValidationError({"operator": _("定量标准须指定比较方式或界限用语。")})
            if not self.unit:
                self.unit = metric_unit(self.metric)
        else:
            self.metric, self.operator, self.threshold = "", "", None

    def passes(self, value: Decimal) -> bool:
        return {
            Operator.GTE: value >= self.threshold,
            Operator.GT: value > self.threshold,
            Operator.LTE: value <= self.threshold,
            Operator.LT: value < self.threshold,
        }[Operator(self.operator)]


class DistrictIndicator(models.Model):
    """A district target indicator (发展目标), e.g. 工业投入 `industrial_investment`."""

    class Unit(models.TextChoices):
        WAN_YUAN = "万元", _("万元")
        PERCENT = "%", "%"
        COUNT = "个", _("个")

    programme = models.ForeignKey(
        Programme, verbose_name=_("方案"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("指标"), max_length=60)
    unit = models.CharField(_("单位"), max_length=4, choices=Unit.choices)
    item_no = models.PositiveSmallIntegerField(_("条款"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    lead_departments = models.ManyToManyField(Department, verbose_name=_("牵头部门"), blank=True)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("发展目标指标")
        verbose_name_plural = _("发展目标指标")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="indicator_code_unique_in_programme")
        ]

    def __str__(self):
        return self.name


class YearTarget(models.Model):
    """The target of an indicator for one year, and the actual figure once known."""

    indicator = models.ForeignKey(
        DistrictIndicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    target = models.DecimalField(_("目标值"), max_digits=16, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(_("完成值"), max_digits=16, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="target_unique_per_year")]

    def __str__(self):
        return f"{self.indicator} {self.year}"

    @property
    def completion_rate(self) -> Decimal | None:
        if self.target in (None, 0) or self.actual is None:
            return None
        return (self.actual / self.target * 100).quantize(Decimal("0.1"))
