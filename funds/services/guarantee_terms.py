"""The guarantee fund's terms (融资担保): its rules with their published defaults, the fee, the split of
an amount by the risk shares, the caps an approval must stay within (放大倍数, 单户) and the check of a
bank's terms. funds/services/guarantees.py writes with them."""

from datetime import date as date_type
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from credit.models import RecordKind

from ..models import SubFund
from ..models.guarantees import Guarantee
from ..selectors_guarantees import net_capital, outstanding_exposure_of
from .support import CENT, money, plain, rule_of

ONE = Decimal("1")
DAYS_IN_YEAR = Decimal(365)
# Defaults where a fund file leaves a parameter out (the published rules the funds file names).
DEFAULTS = {
    "amplification_cap": Decimal("10"),  # 《融资担保公司监督管理条例》第十七条：不得超过净资产的10倍
    "single_borrower_share": Decimal("0.10"),  # 同条例第十六条：同一被担保人不得超过净资产的10%
    "fee_rate_cap": Decimal("0.01"),  # 国办发〔2019〕6号：政府性融资担保费率不超过1%
    "bank_share_min": Decimal("0.20"),  # 国办发〔2019〕6号：银行分担比例原则上不低于20%
    "fund_share_max": Decimal("0.80"),
    "claim_payment_days": 30,
    "pool_entries_only": True,
}


# The credit record a compensation leaves (第20条 银行系统征信记录): the fund agency is one of its sources
# (credit/data/credit-sources.yaml).
FUND_RECORD_KIND = "bank_credit"


def fund_record_kind() -> RecordKind:
    return RecordKind.objects.get(code=FUND_RECORD_KIND)


def rule(fund: SubFund, key: str):
    return rule_of(fund, key, DEFAULTS)


def share_of(amount: Decimal, share: Decimal) -> Decimal:
    return money(amount * share)


def split(amount: Decimal, fund_share: Decimal, other_share: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(fund, bank, other) parts of `amount` by the risk shares: each rounded to the cent, the bank
    takes the remainder, so the three always sum to the amount exactly."""
    fund_part = share_of(amount, fund_share)
    other_part = share_of(amount, other_share)
    return fund_part, amount - fund_part - other_part, other_part


def cap_refusal(fund: SubFund, guarantee: Guarantee) -> str:
    """Why approving `guarantee` would break a cap (放大倍数, 单户), or "". Call with the sub-fund
    row locked: the sums then count every approval before this one."""
    net = net_capital(fund)
    new = guarantee.full_exposure
    if net <= 0:
        return _("担保基金净资产为 %(net)s 元，不能新增担保。") % {"net": net}
    total = outstanding_exposure_of(fund.pk)
    cap = rule(fund, "amplification_cap")
    limit = money(net * cap)
    if total + new > limit:
        return _(
            "批准后担保责任余额将为 %(after)s 元，超过净资产 %(net)s 元的 %(cap)s 倍（%(limit)s 元）；"
            "现有担保责任余额 %(total)s 元，本笔 %(new)s 元。"
        ) % {
            "after": total + new,
            "net": net,
            "cap": plain(cap),
            "limit": limit,
            "total": total,
            "new": new,
        }
    borrower = outstanding_exposure_of(fund.pk, enterprise_id=guarantee.enterprise_id)
    share = rule(fund, "single_borrower_share")
    single = money(net * share)
    if borrower + new > single:
        return _(
            "批准后“%(name)s”的担保责任余额将为 %(after)s 元，超过单户上限（净资产的 %(pct)s%%，%(limit)s 元）；"
            "该企业现有 %(borrower)s 元，本笔 %(new)s 元。"
        ) % {
            "name": guarantee.enterprise.name,
            "after": borrower + new,
            "pct": plain(share * 100),
            "limit": single,
            "borrower": borrower,
            "new": new,
        }
    return ""


def check_terms(
    fund: SubFund, *, principal, fee_rate, bank_share, fund_share, other_share, loan_start, loan_end
):
    errors = {}
    if principal is None or principal <= 0:
        errors["principal"] = _("贷款本金须大于零。")
    elif principal != principal.quantize(CENT):
        errors["principal"] = _("金额最多两位小数（元）。")
    cap = rule(fund, "fee_rate_cap")
    if fee_rate is None or fee_rate < 0 or fee_rate > cap:
        errors["fee_rate"] = _("担保费率须在 0 至 %(cap)s%% 之间（含）。") % {"cap": plain(cap * 100)}
    floor = rule(fund, "bank_share_min")
    if bank_share is None or bank_share < floor:
        errors["bank_share"] = _("银行分担比例不得低于 %(pct)s%%。") % {"pct": plain(floor * 100)}
    ceiling = rule(fund, "fund_share_max")
    if fund_share is None or fund_share <= 0 or fund_share > ceiling:
        errors["fund_share"] = _("担保基金分担比例须大于 0 且不超过 %(pct)s%%。") % {
            "pct": plain(ceiling * 100)
        }
    if other_share is None or other_share < 0:
        errors["other_share"] = _("其他分担比例不能为负数。")
    if not errors and bank_share + fund_share + other_share != ONE:
        errors["bank_share"] = _("银行、担保基金和其他方的分担比例合计须为 100%。")
    if loan_start and loan_end and loan_end <= loan_start:
        errors["loan_end"] = _("贷款到期日须晚于起始日。")
    if errors:
        raise ValidationError(errors)


def fee_of(principal: Decimal, fee_rate: Decimal, loan_start: date_type, loan_end: date_type) -> Decimal:
    """担保费 = 本金 × 年费率 × 担保天数 / 365, to the cent."""
    return money(principal * fee_rate * Decimal((loan_end - loan_start).days) / DAYS_IN_YEAR)
