"""District indicators and their yearly targets."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.constraints import code_unique_in
from core.models_base import order_field, relation, year_field
from programs.fields import programme_field

from .organisations import Department, ReferenceModel

# --- targets -----------------------------------------------------------------------------------------


class DerivationKind(models.TextChoices):
    """How the cockpit finds an indicator's actual (the rule's parameters are in the programme file)."""

    FIGURE_SUM = "figure_sum", _("企业数据之和")
    FIGURE_RATIO = "figure_ratio", _("企业数据之比")
    ENTERPRISE_SHARE = "enterprise_share", _("企业标记占比")
    PARK_COUNT = "park_count", _("园区登记个数")
    ENTERED = "entered", _("办公室填报")


class ProgressRule(models.TextChoices):
    CUMULATIVE = "cumulative", _("累计值对比时间进度")
    LEVEL = "level", _("比值或个数对比目标")


class DistrictIndicator(ReferenceModel):
    """A district target indicator (发展目标), e.g. 工业投入 `industrial_investment`."""

    class Unit(models.TextChoices):
        WAN_YUAN = "万元", _("万元")
        PERCENT = "%", "%"
        COUNT = "个", _("个")

    programme = programme_field(_("方案"), on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("指标"), max_length=60)
    unit = models.CharField(_("单位"), max_length=4, choices=Unit.choices)
    item_no = models.PositiveSmallIntegerField(_("条款"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    lead_departments = models.ManyToManyField(Department, verbose_name=_("牵头部门"), blank=True)
    order = order_field(_("序号"))
    # {"kind": DerivationKind, "progress": ProgressRule, "description": "...", ...}: loaded from the
    # programme file's `derivation:` block; empty means the office enters the actual.
    derivation = models.JSONField(_("完成值取数规则"), default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("发展目标指标")
        ordering = ["programme", "order"]
        constraints = [code_unique_in("programme", "indicator_code_unique_in_programme")]


class YearTarget(ReferenceModel):
    """The target of an indicator for one year, and the actual figure once known."""

    indicator = relation(DistrictIndicator, _("指标"), on_delete=models.CASCADE, related_name="targets")
    year = year_field()
    target = models.DecimalField(_("目标值"), max_digits=16, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(_("完成值"), max_digits=16, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("年度目标")
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="target_unique_per_year")]

    def __str__(self):
        return f"{self.indicator} {self.year}"

    @property
    def completion_rate(self) -> Decimal | None:
        if self.target in (None, 0) or self.actual is None:
            return None
        return (self.actual / self.target * 100).quantize(Decimal("0.1"))
