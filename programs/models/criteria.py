"""Recognition criteria (认定标准) and their metrics."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import code_unique_in
from core.models_base import order_field
from programs.fields import pool_field

from .organisations import ReferenceModel

# --- criteria ----------------------------------------------------------------------------------------


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


class Criterion(ReferenceModel):
    """A recognition criterion (认定标准) of a pool: a figure compared with a threshold, or a
    qualitative condition that needs evidence and a reviewer's confirmation."""

    class Kind(models.TextChoices):
        QUANTITATIVE = "quantitative", _("定量")
        QUALITATIVE = "qualitative", _("定性")

    pool = pool_field(_("培育库"), on_delete=models.CASCADE, related_name="criteria")
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
    order = order_field(_("序号"))

    class Meta:
        verbose_name = verbose_name_plural = _("认定标准")
        ordering = ["pool", "order", "id"]
        constraints = [
            code_unique_in("pool", "criterion_code_unique_in_pool"),
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
