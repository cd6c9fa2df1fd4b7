"""Each sub-fund kind's rule parameters: key, label, type and bounds. The values are data
(SubFund.params, loaded from funds/data/*.yaml with the published source of each default beside it,
edited by the fund agency through funds.services.funds.params_update, which validates against this
table). Services read a value with `sub_fund.param(key)` or `typed_param`.

Money is in 元; rates and shares are fractions (0.0002 = 0.2‰ a day, 0.95 = 95%)."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DECIMAL, INT, BOOL = "decimal", "int", "bool"


@dataclass(frozen=True)
class Param:
    key: str
    label: object
    type: str
    minimum: Decimal | None = None
    maximum: Decimal | None = None


ONE = Decimal(1)
ZERO = Decimal(0)

PARAMS: dict[str, tuple[Param, ...]] = {
    "bridge": (
        Param("renewal_share_max", gettext_lazy("最高占银行续贷承诺额比例"), DECIMAL, ZERO, ONE),
        Param("max_loan_amount", gettext_lazy("单笔最高金额（元）"), DECIMAL, ZERO, None),
        Param("max_term_days", gettext_lazy("最长使用天数"), INT, Decimal(1), Decimal(365)),
        Param("fee_rate_daily", gettext_lazy("日费率（前期）"), DECIMAL, ZERO, Decimal("0.01")),
        Param("fee_step_up_after_days", gettext_lazy("费率上调前天数"), INT, ZERO, Decimal(365)),
        Param("fee_rate_daily_after", gettext_lazy("日费率（上调后）"), DECIMAL, ZERO, Decimal("0.01")),
        Param("grace_days", gettext_lazy("逾期宽限天数"), INT, ZERO, Decimal(90)),
        Param("penalty_rate_daily", gettext_lazy("逾期罚息日利率"), DECIMAL, ZERO, Decimal("0.01")),
        Param("overdue_share_limit", gettext_lazy("暂停新增的逾期占比上限"), DECIMAL, ZERO, ONE),
        Param("pool_entries_only", gettext_lazy("仅限培育库企业（项目）"), BOOL),
    ),
    "guarantee": (
        Param(
            "amplification_cap", gettext_lazy("放大倍数上限（担保余额/净资产）"), DECIMAL, ZERO, Decimal(20)
        ),
        Param("single_borrower_share", gettext_lazy("单户担保余额占净资产上限"), DECIMAL, ZERO, ONE),
        Param("fee_rate_cap", gettext_lazy("担保费率上限（年）"), DECIMAL, ZERO, Decimal("0.05")),
        Param("bank_share_min", gettext_lazy("银行分担风险最低比例"), DECIMAL, ZERO, ONE),
        Param("fund_share_max", gettext_lazy("担保基金分担风险最高比例"), DECIMAL, ZERO, ONE),
        Param("claim_payment_days", gettext_lazy("代偿支付期限（天）"), INT, Decimal(1), Decimal(365)),
        Param("pool_entries_only", gettext_lazy("仅限培育库企业（项目）"), BOOL),
    ),
    "guidance": (
        Param("government_share_max", gettext_lazy("政府出资最高占比"), DECIMAL, ZERO, ONE),
        Param("single_investment_share_max", gettext_lazy("单项投资占基金规模上限"), DECIMAL, ZERO, ONE),
        Param("buyback_at_cost_years", gettext_lazy("按原始出资回购年限"), INT, ZERO, Decimal(20)),
        Param("buyback_rate_after", gettext_lazy("期满后回购加计年利率"), DECIMAL, ZERO, Decimal("0.2")),
        Param("pool_entries_only", gettext_lazy("仅限培育库企业（项目）"), BOOL),
    ),
}


def params_of(kind: str) -> tuple[Param, ...]:
    return PARAMS.get(kind, ())


def convert(param: Param, value):
    """The value as its type, or ValidationError naming the parameter (a sentence the agency reads)."""
    if param.type == BOOL:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"true", "1", "yes", "on", "是"}:
            return True
        if text in {"false", "0", "no", "off", "否", ""}:
            return False
        raise ValidationError({param.key: _("“%(label)s”须为是或否。") % {"label": param.label}})
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({param.key: _("“%(label)s”须为数字。") % {"label": param.label}}) from exc
    if not number.is_finite():
        raise ValidationError({param.key: _("“%(label)s”须为数字。") % {"label": param.label}})
    if param.type == INT and number != number.to_integral_value():
        raise ValidationError({param.key: _("“%(label)s”须为整数。") % {"label": param.label}})
    if (param.minimum is not None and number < param.minimum) or (
        param.maximum is not None and number > param.maximum
    ):
        raise ValidationError(
            {
                param.key: _("“%(label)s”须在 %(min)s 至 %(max)s 之间。")
                % {
                    "label": param.label,
                    "min": param.minimum,
                    "max": param.maximum if param.maximum is not None else "∞",
                }
            }
        )
    return int(number) if param.type == INT else number


def validate_params(kind: str, values: dict) -> dict:
    """Every declared key present and valid; unknown keys refused. Returns JSON-safe stored values
    (decimals as strings)."""
    declared = {p.key: p for p in params_of(kind)}
    unknown = set(values) - set(declared)
    if unknown:
        raise ValidationError(_("未知参数：%(keys)s。") % {"keys": "、".join(sorted(unknown))})
    errors: dict = {}
    stored = {}
    for key, param in declared.items():
        if key not in values:
            errors[key] = _("缺少“%(label)s”。") % {"label": param.label}
            continue
        try:
            value = convert(param, values[key])
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        stored[key] = str(value) if isinstance(value, Decimal) else value
    if errors:
        raise ValidationError(errors)
    return stored


def typed_param(sub_fund, key: str, default=None):
    declared = {p.key: p for p in params_of(sub_fund.kind)}
    if key not in (sub_fund.params or {}):
        return default
    param = declared.get(key)
    value = sub_fund.params[key]
    return convert(param, value) if param else value
