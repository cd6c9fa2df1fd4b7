"""The guidance fund's terms (产业引导基金): its rules with their published defaults, amounts, and the split
of an amount among the contributors (按出资比例) to the cent."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.exceptions import Conflict

from ..models import Contributor, SubFund
from .support import CENT, money, rule_of

DEFAULTS = {
    "government_share_max": Decimal("0.30"),  # 国办发〔2008〕116号：引导基金参股比例最高不超过30%
    "single_investment_share_max": Decimal("0.20"),
    "buyback_at_cost_years": 3,  # 国办发〔2008〕116号：3年内按原始投资额转让（让利）
    "buyback_rate_after": Decimal("0.0435"),
    "pool_entries_only": True,
}


def rule(fund: SubFund, key: str):
    return rule_of(fund, key, DEFAULTS)


def guidance_only(fund: SubFund) -> None:
    if fund.kind != "guidance":
        raise ValidationError({"fund": _("请选择产业引导基金。")})


def split_by_weights(
    amount: Decimal, contributors: list[Contributor], weights: dict[int, Decimal]
) -> dict[int, Decimal]:
    """Each contributor's part of `amount` by its weight, to the cent, the last (in order) taking the
    remainder, so the parts sum to the amount exactly."""
    total = sum((weights[c.pk] for c in contributors), Decimal(0))
    if not contributors or total <= 0:
        raise Conflict(_("该基金没有登记出资人，不能按出资比例分摊。"))
    parts, allotted = {}, Decimal("0.00")
    for contributor in contributors[:-1]:
        part = money(amount * weights[contributor.pk] / total)
        parts[contributor.pk] = part
        allotted += part
    parts[contributors[-1].pk] = amount - allotted
    return parts


def split_by_ratio(amount: Decimal, contributors: list[Contributor]) -> dict[int, Decimal]:
    """按出资比例: each contributor's part of `amount` by its contribution ratio, to the cent."""
    return split_by_weights(amount, contributors, {c.pk: c.ratio for c in contributors})


def positive(value, field: str) -> Decimal:
    if value is None or value <= 0 or value != value.quantize(CENT):
        raise ValidationError({field: _("金额须大于零，最多两位小数（元）。")})
    return value
