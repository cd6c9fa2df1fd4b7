"""Every write of the guidance fund (产业引导基金): investments with social capital, exits, the 让利
buy-back of the government's share, capital calls and distributions by contribution ratio.

Each movement of money is one ledger entry of the guidance sub-fund. Lock order, the ledger's: the
business row (investment, call share) → the enterprise (blacklist gate) → the sub-fund → balances.
"""

from datetime import date as date_type
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import Conflict
from core.permissions import require
from credit.gates import support_block_reason
from enterprises.models import Enterprise

from .. import permissions_guarantees as permissions
from ..models import Contributor, SubFund
from ..models.guidance import (
    CapitalCall,
    CapitalCallShare,
    CoInvestor,
    Distribution,
    DistributionShare,
    GuidanceInvestment,
    InvestmentState,
)
from .guarantees import pool_entry_of
from .ledger import Line, credit, debit, lock_sub_fund, post_entry

CENT = Decimal("0.01")
DEFAULTS = {
    "government_share_max": Decimal("0.30"),  # 国办发〔2008〕116号：引导基金参股比例最高不超过30%
    "single_investment_share_max": Decimal("0.20"),
    "buyback_at_cost_years": 3,  # 国办发〔2008〕116号：3年内按原始投资额转让（让利）
    "buyback_rate_after": Decimal("0.0435"),
    "pool_entries_only": True,
}


def rule(fund: SubFund, key: str):
    value = fund.param(key)
    return DEFAULTS[key] if value is None else value


def plain(value: Decimal) -> str:
    """A rate or multiple as people write it: 10, 0.25, 30 (never 1E+1)."""
    return f"{value.normalize():f}"


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def _guidance(fund: SubFund) -> None:
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


def _positive(value, field: str) -> Decimal:
    if value is None or value <= 0 or value != value.quantize(CENT):
        raise ValidationError({field: _("金额须大于零，最多两位小数（元）。")})
    return value


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
    _guidance(fund)
    amount = _positive(amount, "amount")
    co_investors = [
        ((name or "").strip()[:100], _positive(value, "co_investors")) for name, value in co_investors
    ]
    if any(not name for name, _v in co_investors):
        raise ValidationError({"co_investors": _("请填写社会资本方名称。")})
    social = sum((value for _n, value in co_investors), Decimal("0.00"))
    invested_on = invested_on or timezone.localdate()
    outside_pool_reason = (outside_pool_reason or "").strip()
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        if blocked := support_block_reason(locked):
            raise Conflict(blocked)
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
            [debit("investments", amount), credit("cash", amount)],
            caused_by=actor,
            obj=investment,
            memo=_("股权投资：%(name)s") % {"name": locked.name},
            date=invested_on,
            kind="investment",
            key=f"guidance-investment:{investment.pk}",
        )
        audit.record(
            actor=actor,
            action=audit.AuditAction.CREATE,
            instance=investment,
            after=audit.snapshot(investment),
        )
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
    investment.state, investment.closed_on, investment.proceeds = InvestmentState.EXITED, closed_on, proceeds
    investment.save(update_fields=["state", "closed_on", "proceeds", "updated_at"])
    audit.record(
        actor=actor,
        action=audit.AuditAction.TRANSITION,
        instance=investment,
        before=before,
        after=audit.snapshot(investment),
    )
    return investment


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
    investment.state, investment.closed_on, investment.proceeds = (
        InvestmentState.BOUGHT_BACK,
        closed_on,
        price,
    )
    investment.buyer = buyer[:100]
    investment.save(update_fields=["state", "closed_on", "proceeds", "buyer", "updated_at"])
    audit.record(
        actor=actor,
        action=audit.AuditAction.TRANSITION,
        instance=investment,
        before=before,
        after=audit.snapshot(investment),
    )
    return investment


# --- capital calls and distributions ---------------------------------------------------------------


def _contributors(fund: SubFund) -> list[Contributor]:
    return list(Contributor.objects.filter(sub_fund=fund).order_by("order", "code"))


def _check_government_share(fund: SubFund, contributors: list[Contributor]) -> None:
    total = sum((c.ratio for c in contributors), Decimal(0))
    government = sum((c.ratio for c in contributors if c.kind == "government"), Decimal(0))
    cap = rule(fund, "government_share_max")
    if total and government / total > cap:
        raise Conflict(
            _("政府出资比例 %(pct)s%% 超过上限 %(cap)s%%，请先调整出资人。")
            % {"pct": plain((government / total * 100).quantize(CENT)), "cap": plain(cap * 100)}
        )


@transaction.atomic
def capital_call_create(
    *, actor, fund: SubFund, amount: Decimal, called_on: date_type | None = None, note: str = ""
) -> CapitalCall:
    """A capital call on the contributors' unpaid commitments, pro rata (按出资比例): while every
    contributor has paid the same share of its commitment, the parts are exactly the contribution
    ratios; one that paid ahead is called for less. Never beyond what is still unpaid."""
    require(permissions.can_manage_guidance(actor))
    _guidance(fund)
    amount = _positive(amount, "amount")
    fund = lock_sub_fund(fund)
    contributors = list(
        Contributor.objects.select_for_update().filter(sub_fund=fund).order_by("order", "code")
    )
    _check_government_share(fund, contributors)
    pending: dict[int, Decimal] = {}
    for share in CapitalCallShare.objects.filter(call__fund=fund, paid_on__isnull=True):
        pending[share.contributor_id] = pending.get(share.contributor_id, Decimal(0)) + share.amount
    room = {
        c.pk: max(c.committed - c.paid_in - pending.get(c.pk, Decimal(0)), Decimal(0)) for c in contributors
    }
    unpaid = sum(room.values(), Decimal(0))
    if amount > unpaid:
        raise Conflict(
            _("缴款总额 %(amount)s 元超过出资人尚未缴付的认缴额合计 %(room)s 元。")
            % {"amount": amount, "room": unpaid}
        )
    callable_ = [c for c in contributors if room[c.pk] > 0]
    parts = split_by_weights(amount, callable_, {c.pk: room[c.pk] for c in callable_})
    call = CapitalCall.objects.create(
        fund=fund,
        amount=amount,
        called_on=called_on or timezone.localdate(),
        note=(note or "")[:300],
        created_by=actor,
    )
    CapitalCallShare.objects.bulk_create(
        [CapitalCallShare(call=call, contributor=c, amount=parts[c.pk]) for c in callable_ if parts[c.pk] > 0]
    )
    audit.record(actor=actor, action=audit.AuditAction.CREATE, instance=call, after=audit.snapshot(call))
    return call


def capital_call_pay(*, actor, share: CapitalCallShare, paid_on: date_type | None = None) -> CapitalCallShare:
    """A contributor pays its part of a call: the foundation's paid-in capital entry (Dr cash, Cr
    capital paid in), once (the share row is locked; the entry's key is the share's)."""
    from .funds import capital_pay_in

    require(permissions.can_manage_guidance(actor))
    paid_on = paid_on or timezone.localdate()
    with transaction.atomic():
        share = (
            CapitalCallShare.objects.select_for_update()
            .select_related("contributor", "call")
            .get(pk=share.pk)
        )
        if share.paid_on is not None:
            raise Conflict(
                _("%(name)s已于 %(day)s 缴付。") % {"name": share.contributor.name, "day": share.paid_on}
            )
        capital_pay_in(
            actor=actor,
            contributor=share.contributor,
            amount=share.amount,
            date=paid_on,
            memo=_("%(name)s按缴款通知实缴出资") % {"name": share.contributor.name},
            key=f"capital-call-share:{share.pk}",
        )
        share.paid_on = paid_on
        share.save(update_fields=["paid_on"])
    return share


@transaction.atomic
def distribution_create(
    *, actor, fund: SubFund, amount: Decimal, distributed_on: date_type | None = None, note: str = ""
) -> Distribution:
    """Money returned to the contributors by contribution ratio: Dr distributions, Cr cash (never
    more than the cash available: the ledger refuses it)."""
    require(permissions.can_manage_guidance(actor))
    _guidance(fund)
    amount = _positive(amount, "amount")
    fund = lock_sub_fund(fund)
    contributors = _contributors(fund)
    parts = split_by_ratio(amount, contributors)
    distributed_on = distributed_on or timezone.localdate()
    distribution = Distribution.objects.create(
        fund=fund, amount=amount, distributed_on=distributed_on, note=(note or "")[:300], created_by=actor
    )
    DistributionShare.objects.bulk_create(
        [
            DistributionShare(distribution=distribution, contributor=c, amount=parts[c.pk])
            for c in contributors
        ]
    )
    post_entry(
        fund,
        [debit("distributions", amount), credit("cash", amount)],
        caused_by=actor,
        obj=distribution,
        memo=_("按出资比例分配：%(parts)s")
        % {"parts": "，".join(f"{c.name} {parts[c.pk]}元" for c in contributors)},
        date=distributed_on,
        kind="distribution",
        key=f"guidance-distribution:{distribution.pk}",
    )
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE,
        instance=distribution,
        after=audit.snapshot(distribution),
    )
    return distribution
