"""Every write of the guidance fund (产业引导基金): investments with social capital, exits, the 让利
buy-back of the government's share, capital calls and distributions by contribution ratio.

Each movement of money is one ledger entry of the guidance sub-fund. Lock order, the ledger's: the
business row (investment, call share) → the enterprise (blacklist gate) → the sub-fund → balances.

The terms live in guidance_terms.py, capital calls and distributions in guidance_capital.py; every
name still imports from here.
"""

from datetime import date as date_type
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import Conflict
from core.permissions import require
from enterprises.models import Enterprise

from .. import permissions_guarantees as permissions
from ..models import SubFund
from ..models.guidance import CoInvestor, GuidanceInvestment, InvestmentState
from .guidance_capital import capital_call_create, capital_call_pay, distribution_create
from .guidance_terms import guidance_only, positive, rule
from .ledger import Line, credit, debit, lock_sub_fund, post_entry, transfer
from .support import CENT, gated_enterprise, money, plain, pool_entry_of

__all__ = [  # where the callers found them
    "buyback_price",
    "capital_call_create",
    "capital_call_pay",
    "distribution_create",
    "investment_buyback",
    "investment_create",
    "investment_exit",
]


# --- investments -----------------------------------------------------------------------------------


def investment_create(
    *,
    actor,
    fund: SubFund,
    enterprise: Enterprise,
    amount: Decimal,
    co_investors: list[tuple[str, Decimal]],
    invested_on: date_type | None = None,
    outside_pool_reason: str = "",
) -> GuidanceInvestment:
    """The fund invests in an enterprise with social capital: the government's share of the round
    within its cap, the single investment within its share of the fund, a pool entry unless the
    agency records why not; Dr investments, Cr cash."""
    require(permissions.can_manage_guidance(actor))
    guidance_only(fund)
    amount = positive(amount, "amount")
    co_investors = [
        ((name or "").strip()[:100], positive(value, "co_investors")) for name, value in co_investors
    ]
    if any(not name for name, _v in co_investors):
        raise ValidationError({"co_investors": _("请填写社会资本方名称。")})
    social = sum((value for _n, value in co_investors), Decimal("0.00"))
    invested_on = invested_on or timezone.localdate()
    outside_pool_reason = (outside_pool_reason or "").strip()
    with transaction.atomic():
        locked = gated_enterprise(enterprise.pk)
        fund = lock_sub_fund(fund)
        entry = pool_entry_of(locked, fund.fund.programme_id)
        if entry is None and rule(fund, "pool_entries_only") and not outside_pool_reason:
            raise Conflict(
                _("“%(name)s”不是培育库入库企业（项目）；按基金规则，投资库外企业须填写理由。")
                % {"name": locked.name}
            )
        cap = rule(fund, "government_share_max")
        if amount > money((amount + social) * cap):
            raise Conflict(
                _(
                    "引导基金出资 %(amount)s 元占本轮 %(total)s 元的比例超过政府出资上限 %(pct)s%%，须引入更多社会资本。"
                )
                % {"amount": amount, "total": amount + social, "pct": plain(cap * 100)}
            )
        single = rule(fund, "single_investment_share_max")
        if amount > money(fund.size * single):
            raise Conflict(
                _("单项投资 %(amount)s 元超过基金规模 %(size)s 元的 %(pct)s%%。")
                % {"amount": amount, "size": fund.size, "pct": plain(single * 100)}
            )
        investment = GuidanceInvestment.objects.create(
            fund=fund,
            enterprise=locked,
            nomination=entry,
            outside_pool_reason="" if entry else outside_pool_reason[:300],
            amount=amount,
            social_amount=social,
            invested_on=invested_on,
            created_by=actor,
        )
        CoInvestor.objects.bulk_create(
            [CoInvestor(investment=investment, name=name, amount=value) for name, value in co_investors]
        )
        post_entry(
            fund,
            transfer("investments", "cash", amount),
            caused_by=actor,
            obj=investment,
            memo=_("股权投资：%(name)s") % {"name": locked.name},
            date=invested_on,
            kind="investment",
            key=f"guidance-investment:{investment.pk}",
        )
        audit.record_saved(actor=actor, instance=investment, before=None)
    return investment


def _locked_held(investment: GuidanceInvestment) -> GuidanceInvestment:
    investment = (
        GuidanceInvestment.objects.select_for_update().select_related("enterprise").get(pk=investment.pk)
    )
    if investment.state != InvestmentState.HELD:
        raise Conflict(
            _("该投资当前为“%(state)s”，不能再退出或回购。") % {"state": investment.get_state_display()}
        )
    return investment


def _close(
    actor, investment: GuidanceInvestment, *, proceeds: Decimal, on: date_type, kind: str, memo: str
) -> None:
    """Dr cash (proceeds), Cr investments (cost), the difference to investment income or losses."""
    cost = investment.amount
    lines: list[Line] = []
    if proceeds > 0:
        lines.append(debit("cash", proceeds))
    lines.append(credit("investments", cost))
    if proceeds > cost:
        lines.append(credit("investment_income", proceeds - cost))
    elif proceeds < cost:
        lines.append(debit("losses", cost - proceeds))
    post_entry(
        investment.fund,
        lines,
        caused_by=actor,
        obj=investment,
        memo=memo,
        date=on,
        kind=kind,
        key=f"guidance-investment:{investment.pk}:{kind}",
    )


def _closed(
    actor,
    investment: GuidanceInvestment,
    *,
    before: dict,
    state: str,
    on: date_type,
    proceeds: Decimal,
    **also,
) -> GuidanceInvestment:
    """The closed investment (exited, bought back) saved with its state, date, proceeds and the fields
    `also` names, and the move audited against `before`."""
    investment.state, investment.closed_on, investment.proceeds = state, on, proceeds
    for field, value in also.items():
        setattr(investment, field, value)
    investment.save(update_fields=["state", "closed_on", "proceeds", *also, "updated_at"])
    audit.record_saved(actor=actor, action=audit.AuditAction.TRANSITION, instance=investment, before=before)
    return investment


def _closing(
    actor, investment: GuidanceInvestment, on: date_type | None
) -> tuple[GuidanceInvestment, date_type]:
    """Permission, then the investment row locked (first in the lock order) and still held."""
    require(permissions.can_manage_guidance(actor))
    on = on or timezone.localdate()
    investment = _locked_held(investment)
    if on < investment.invested_on or on > timezone.localdate():
        raise ValidationError({"closed_on": _("日期须在投资日期与今天之间。")})
    return investment, on


@transaction.atomic
def investment_exit(
    *, actor, investment: GuidanceInvestment, proceeds: Decimal, closed_on: date_type | None = None
) -> GuidanceInvestment:
    """The fund sells its stake (退出) for `proceeds` (0 for a write-off)."""
    investment, closed_on = _closing(actor, investment, closed_on)
    if proceeds is None or proceeds < 0 or proceeds != proceeds.quantize(CENT):
        raise ValidationError({"proceeds": _("退出收回金额不能为负数，最多两位小数（元）。")})
    before = audit.snapshot(investment)
    lock_sub_fund(investment.fund_id)
    _close(
        actor,
        investment,
        proceeds=proceeds,
        on=closed_on,
        kind="exit",
        memo=_("投资退出：%(name)s") % {"name": investment.enterprise.name},
    )
    return _closed(
        actor, investment, before=before, state=InvestmentState.EXITED, on=closed_on, proceeds=proceeds
    )


def buyback_price(investment: GuidanceInvestment, fund: SubFund, on: date_type) -> Decimal:
    """让利 terms (国办发〔2008〕116号): within the at-cost years the buyer pays the original investment;
    after them the original investment plus simple interest at the fund's rate for the days held."""
    days = (on - investment.invested_on).days
    years = int(rule(fund, "buyback_at_cost_years"))
    held_years = (on.year - investment.invested_on.year) - (
        (on.month, on.day) < (investment.invested_on.month, investment.invested_on.day)
    )
    if held_years < years:
        return investment.amount
    return money(investment.amount * (1 + rule(fund, "buyback_rate_after") * Decimal(days) / Decimal(365)))


@transaction.atomic
def investment_buyback(
    *, actor, investment: GuidanceInvestment, buyer: str, closed_on: date_type | None = None
) -> GuidanceInvestment:
    """The enterprise or a social-capital partner buys back the government's share on the 让利 terms."""
    investment, closed_on = _closing(actor, investment, closed_on)
    buyer = (buyer or "").strip()
    if not buyer:
        raise ValidationError({"buyer": _("请填写回购方。")})
    before = audit.snapshot(investment)
    fund = lock_sub_fund(investment.fund_id)
    price = buyback_price(investment, fund, closed_on)
    _close(
        actor,
        investment,
        proceeds=price,
        on=closed_on,
        kind="exit",
        memo=_("让利回购：%(buyer)s回购引导基金所持“%(name)s”份额")
        % {"buyer": buyer, "name": investment.enterprise.name},
    )
    return _closed(
        actor,
        investment,
        before=before,
        state=InvestmentState.BOUGHT_BACK,
        on=closed_on,
        proceeds=price,
        buyer=buyer[:100],
    )
