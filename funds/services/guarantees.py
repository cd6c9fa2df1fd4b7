"""Every write of the guarantee business (融资担保): the bank's application, the agency's decision within
the caps, release on repayment, the claim and its payment (代偿), recoveries (追偿).

Lock order of every money move here, the same as the ledger's (funds.services.ledger): the guarantee
row (the workflow engine) → the enterprise row (the blacklist gate, as pools and credit lock it; it
serialises two approvals for one borrower) → the sub-fund row (it serialises the fund's caps and cash)
→ the balance rows (post_entry, in account order). Nothing here takes them in another order.
"""

from datetime import date as date_type
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core.exceptions import Conflict
from core.permissions import require
from core.workflow import Move, Notice
from credit.gates import support_block_reason
from credit.models import RecordKind
from enterprises.models import Enterprise
from pools.models import Nomination

from .. import permissions_guarantees as permissions
from ..models import SubFund
from ..models.funds import AGENCY_DEPARTMENT
from ..models.guarantees import (
    ZERO,
    ClaimState,
    Guarantee,
    GuaranteeClaim,
    GuaranteeEvent,
    GuaranteeRecovery,
    GuaranteeState,
)
from ..selectors_guarantees import net_capital, outstanding_exposure_of
from ..workflow_guarantees import GUARANTEES
from .ledger import credit, debit, lock_sub_fund, post_entry

CENT = Decimal("0.01")
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


def plain(value: Decimal) -> str:
    """A rate or multiple as people write it: 10, 0.25, 30 (never 1E+1)."""
    return f"{value.normalize():f}"


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def rule(fund: SubFund, key: str):
    value = fund.param(key)
    return DEFAULTS[key] if value is None else value


def share_of(amount: Decimal, share: Decimal) -> Decimal:
    return money(amount * share)


def split(amount: Decimal, fund_share: Decimal, other_share: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(fund, bank, other) parts of `amount` by the risk shares: each rounded to the cent, the bank
    takes the remainder, so the three always sum to the amount exactly."""
    fund_part = share_of(amount, fund_share)
    other_part = share_of(amount, other_share)
    return fund_part, amount - fund_part - other_part, other_part


# --- reading the pools and the caps ---------------------------------------------------------------


def pool_entry_of(enterprise: Enterprise, programme_id: int) -> Nomination | None:
    """The enterprise's current pool entry in the programme (itself or one of its projects)."""
    return (
        Nomination.objects.in_pool()
        .filter(
            Q(enterprise_id=enterprise.pk) | Q(project__enterprise_id=enterprise.pk),
            programme_id=programme_id,
        )
        .order_by("-year", "pk")
        .first()
    )


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


# --- the bank's application ------------------------------------------------------------------------


def _check_terms(
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


def guarantee_create(
    *,
    actor,
    fund: SubFund,
    enterprise: Enterprise,
    loan_contract: str,
    principal: Decimal,
    loan_start: date_type,
    loan_end: date_type,
    fee_rate: Decimal,
    bank_share: Decimal,
    fund_share: Decimal,
    other_share: Decimal = Decimal("0"),
    other_party: str = "",
    submit: bool = True,
) -> Guarantee:
    """The bank asks for a guarantee on a loan to the enterprise (submitted at once unless `submit`
    is False: a draft only the bank sees)."""
    require(permissions.can_create_guarantee(actor))
    if fund.kind != "guarantee":
        raise ValidationError({"fund": _("请选择融资担保基金。")})
    loan_contract = (loan_contract or "").strip()
    if not loan_contract:
        raise ValidationError({"loan_contract": _("请填写借款合同编号。")})
    _check_terms(
        fund,
        principal=principal,
        fee_rate=fee_rate,
        bank_share=bank_share,
        fund_share=fund_share,
        other_share=other_share,
        loan_start=loan_start,
        loan_end=loan_end,
    )
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        if blocked := support_block_reason(locked):
            raise Conflict(blocked)
        guarantee = Guarantee.objects.create(
            fund=fund,
            bank_id=actor.bank_id,
            enterprise=locked,
            nomination=pool_entry_of(locked, fund.fund.programme_id),
            loan_contract=loan_contract[:60],
            principal=principal,
            loan_start=loan_start,
            loan_end=loan_end,
            fee_rate=fee_rate,
            fee_amount=fee_of(principal, fee_rate, loan_start, loan_end),
            bank_share=bank_share,
            fund_share=fund_share,
            other_share=other_share,
            other_party=(other_party or "").strip()[:100],
            created_by=actor,
        )
        GUARANTEES.record(guarantee, actor=actor, action=GuaranteeEvent.Action.CREATE)
    if submit:
        guarantee = guarantee_transition(actor=actor, guarantee=guarantee, action="submit")
    return guarantee


# --- the moves -------------------------------------------------------------------------------------


def _agency_users() -> list:
    return list(User.objects.filter(role=Role.DEPARTMENT, department__code=AGENCY_DEPARTMENT, is_active=True))


def _bank_users(guarantee: Guarantee) -> list:
    return list(User.objects.filter(role=Role.BANK, bank_id=guarantee.bank_id, is_active=True))


def _gate(guarantee: Guarantee) -> Enterprise:
    """The blacklist gate on the locked enterprise row (second in the lock order)."""
    enterprise = Enterprise.objects.select_for_update().get(pk=guarantee.enterprise_id)
    if blocked := support_block_reason(enterprise):
        raise Conflict(blocked)
    return enterprise


def _check_pool_rule(guarantee: Guarantee, outside_reason: str) -> None:
    """The fund's rule: money goes to approved pool entries (重点投向培育库企业（项目）); the agency may
    allow another enterprise, with its reason recorded."""
    if not rule(guarantee.fund, "pool_entries_only"):
        return
    entry = pool_entry_of(guarantee.enterprise, guarantee.fund.fund.programme_id)
    guarantee.nomination = entry
    if entry is None and not outside_reason:
        raise Conflict(
            _("“%(name)s”不是培育库入库企业（项目）；按基金规则，支持库外企业须由基金管理机构填写理由。")
            % {"name": guarantee.enterprise.name}
        )


def _check_move(move: Move, data: dict) -> None:
    guarantee, action = move.instance, move.action
    if action in ("submit", "approve"):
        _gate(guarantee)
    elif action == "pay":
        # the credit record re-rates the enterprise: its row is taken now, before the sub-fund's
        Enterprise.objects.select_for_update().get(pk=guarantee.enterprise_id)
    if action == "approve":
        _check_pool_rule(guarantee, data.get("outside_pool_reason", ""))
        fund = lock_sub_fund(guarantee.fund_id)  # third in the lock order
        if fund.paused:
            raise Conflict(
                _("%(fund)s已暂停新增业务：%(reason)s") % {"fund": fund.name, "reason": fund.paused_reason}
            )
        if refusal := cap_refusal(fund, guarantee):
            raise Conflict(refusal)
    elif action == "claim":
        outstanding = data.get("outstanding_principal")
        if outstanding is None or outstanding <= 0 or outstanding > guarantee.principal:
            raise ValidationError(
                {
                    "outstanding_principal": _("未偿本金须大于零且不超过贷款本金 %(p)s 元。")
                    % {"p": guarantee.principal}
                }
            )
        if outstanding != outstanding.quantize(CENT):
            raise ValidationError({"outstanding_principal": _("金额最多两位小数（元）。")})
        default_on = data.get("default_on")
        if default_on is None or default_on > timezone.localdate() or default_on < guarantee.loan_start:
            raise ValidationError({"default_on": _("逾期日期须在贷款起始日与今天之间。")})
    elif action == "release":
        released_on = data.get("released_on") or timezone.localdate()
        if released_on < guarantee.loan_start or released_on > timezone.localdate():
            raise ValidationError({"released_on": _("解保日期须在贷款起始日与今天之间。")})


def _open_claim(guarantee: Guarantee) -> GuaranteeClaim:
    return GuaranteeClaim.objects.select_for_update().get(guarantee=guarantee, state=ClaimState.FILED)


def _apply_move(move: Move, data: dict) -> None:
    guarantee, action = move.instance, move.action
    actor: User = move.actor  # type: ignore[assignment]  # the engine's actor is the signed-in user
    today = timezone.localdate()
    if action == "submit":
        guarantee.submitted_at = move.at
    elif action == "approve":
        guarantee.decided_at, guarantee.decided_by = move.at, actor
        guarantee.outside_pool_reason = (
            "" if guarantee.nomination_id else data.get("outside_pool_reason", "")[:300]
        )
        guarantee.exposure = guarantee.full_exposure
        if guarantee.fee_amount > 0:
            post_entry(
                guarantee.fund,
                [debit("cash", guarantee.fee_amount), credit("fee_income", guarantee.fee_amount)],
                caused_by=actor,
                obj=guarantee,
                memo=_("担保费：%(name)s（%(contract)s）")
                % {"name": guarantee.enterprise.name, "contract": guarantee.loan_contract},
                date=today,
                kind="guarantee_fee",
                key=f"guarantee:{guarantee.pk}:fee",
            )
    elif action == "reject":
        guarantee.decided_at, guarantee.decided_by = move.at, actor
    elif action == "release":
        guarantee.released_on = data.get("released_on") or today
        guarantee.exposure = ZERO
    elif action == "claim":
        outstanding = data["outstanding_principal"]
        fund_part, bank_part, other_part = split(outstanding, guarantee.fund_share, guarantee.other_share)
        GuaranteeClaim.objects.create(
            guarantee=guarantee,
            default_on=data["default_on"],
            outstanding_principal=outstanding,
            fund_amount=fund_part,
            bank_amount=bank_part,
            other_amount=other_part,
            due_on=today + timedelta(days=int(rule(guarantee.fund, "claim_payment_days"))),
            filed_by=actor,
        )
    elif action == "decline":
        claim = _open_claim(guarantee)
        claim.state, claim.decided_by, claim.decision_note = ClaimState.DECLINED, actor, move.comment[:500]
        claim.save(update_fields=["state", "decided_by", "decision_note", "updated_at"])
    elif action == "pay":
        _pay(guarantee, actor, data.get("paid_on") or today)


def _pay(guarantee: Guarantee, actor, paid_on: date_type) -> None:
    """代偿: the fund pays its share of the outstanding principal (Dr compensation paid, Cr cash), the
    exposure ends, and one adverse credit record follows through the credit services."""
    from credit.services import record_create

    claim = _open_claim(guarantee)
    fund = lock_sub_fund(guarantee.fund_id)
    post_entry(
        fund,
        [debit("compensation_paid", claim.fund_amount), credit("cash", claim.fund_amount)],
        caused_by=actor,
        obj=claim,
        memo=_("代偿：%(name)s（%(contract)s）")
        % {"name": guarantee.enterprise.name, "contract": guarantee.loan_contract},
        date=paid_on,
        kind="compensation",
        key=f"guarantee-claim:{claim.pk}:pay",
    )
    record = record_create(
        actor=actor,
        enterprise=guarantee.enterprise,
        kind=fund_record_kind(),
        severity="serious",
        title=_("融资担保贷款逾期，担保基金代偿 %(amount)s 元") % {"amount": claim.fund_amount},
        occurred_on=paid_on,
        document_ref=f"融资担保代偿-{guarantee.pk}",
        description=_("%(bank)s贷款（合同 %(contract)s）于 %(day)s 逾期，未偿本金 %(outstanding)s 元。")
        % {
            "bank": guarantee.bank.name,
            "contract": guarantee.loan_contract,
            "day": f"{claim.default_on:%Y-%m-%d}",
            "outstanding": claim.outstanding_principal,
        },
    )
    claim.state, claim.paid_on, claim.decided_by, claim.credit_record = (
        ClaimState.PAID,
        paid_on,
        actor,
        record,
    )
    claim.save(update_fields=["state", "paid_on", "decided_by", "credit_record", "updated_at"])
    guarantee.exposure = ZERO


def _notices(move: Move) -> list[Notice]:
    guarantee = move.instance
    message = _("%(bank)s为“%(name)s”申请的融资担保（%(amount)s 元）：%(state)s。") % {
        "bank": guarantee.bank.name,
        "name": guarantee.enterprise.name,
        "amount": guarantee.principal,
        "state": guarantee.get_state_display(),
    }
    if move.comment:
        message += _("意见：%(comment)s") % {"comment": move.comment}
    recipients = _agency_users() if move.transition.role == Role.BANK else _bank_users(guarantee)
    if move.action == "withdraw" and not guarantee.submitted_at:
        return []
    return [Notice(recipients, message[:300], reverse("guarantees:detail", args=[guarantee.pk]))]


def guarantee_transition(*, actor, guarantee: Guarantee, action: str, comment: str = "", **data) -> Guarantee:
    """Fire a declared move (funds.workflow_guarantees) on the engine: row lock, permission (403),
    state (409), comment rule, then the gates and caps above under their locks, the money, the event,
    audit row and notices. `data`: outside_pool_reason (approve), released_on (release),
    default_on and outstanding_principal (claim), paid_on (pay)."""
    return GUARANTEES.fire(
        guarantee,
        action=action,
        actor=actor,
        comment=comment,
        check=lambda move: _check_move(move, data),
        apply=lambda move: _apply_move(move, data),
        notices=_notices,
    )


# --- recoveries (追偿) -----------------------------------------------------------------------------


def recovery_record(
    *, actor, guarantee: Guarantee, amount: Decimal, recovered_on: date_type | None = None, note: str = ""
) -> GuaranteeRecovery:
    """Money recovered from the borrower after the compensation, shared by the risk shares. The shares
    are taken of the running total, so the parts of all recoveries together are always the total's
    parts to the cent; the fund's part is a ledger entry (Dr cash, Cr recoveries)."""
    recovered_on = recovered_on or timezone.localdate()
    with transaction.atomic():
        guarantee = GUARANTEES.lock(guarantee.pk)
        require(permissions.can_record_recovery(actor, guarantee))
        if guarantee.state != GuaranteeState.COMPENSATED:
            raise Conflict(
                _("当前状态为“%(state)s”，代偿后才能登记追偿款。") % {"state": guarantee.get_state_display()}
            )
        if amount is None or amount <= 0 or amount != amount.quantize(CENT):
            raise ValidationError({"amount": _("追回金额须大于零，最多两位小数（元）。")})
        if recovered_on > timezone.localdate():
            raise ValidationError({"recovered_on": _("追回日期不能晚于今天。")})
        claim = GuaranteeClaim.objects.select_for_update().get(guarantee=guarantee, state=ClaimState.PAID)
        if claim.recovered + amount > claim.outstanding_principal:
            raise ValidationError(
                {
                    "amount": _("累计追回将超过代偿时的未偿本金 %(p)s 元（已追回 %(r)s 元）。")
                    % {"p": claim.outstanding_principal, "r": claim.recovered}
                }
            )
        before = {"recovered": str(claim.recovered), "recovered_fund": str(claim.recovered_fund)}
        prior = claim.recoveries.aggregate(bank=Sum("bank_amount"), other=Sum("other_amount"))
        total = claim.recovered + amount
        fund_total, bank_total, other_total = split(total, guarantee.fund_share, guarantee.other_share)
        fund_part = fund_total - claim.recovered_fund
        other_part = other_total - (prior["other"] or ZERO)
        bank_part = amount - fund_part - other_part
        recovery = GuaranteeRecovery.objects.create(
            claim=claim,
            amount=amount,
            fund_amount=fund_part,
            bank_amount=bank_part,
            other_amount=other_part,
            recovered_on=recovered_on,
            note=(note or "").strip()[:300],
            recorded_by=actor,
        )
        if fund_part > 0:
            post_entry(
                guarantee.fund,
                [debit("cash", fund_part), credit("recoveries", fund_part)],
                caused_by=actor,
                obj=recovery,
                memo=_("追偿收回：%(name)s") % {"name": guarantee.enterprise.name},
                date=recovered_on,
                kind="recovery",
                key=f"guarantee-recovery:{recovery.pk}",
            )
        GuaranteeClaim.objects.filter(pk=claim.pk).update(
            recovered=F("recovered") + amount,
            recovered_fund=F("recovered_fund") + fund_part,
            updated_at=timezone.now(),
        )
        GUARANTEES.record(
            guarantee,
            actor=actor,
            action=GuaranteeEvent.Action.RECOVER,
            before=before,
            comment=_(
                "追回 %(amount)s 元，基金分得 %(fund)s 元，银行分得 %(bank)s 元，其他方分得 %(other)s 元。"
            )
            % {"amount": amount, "fund": fund_part, "bank": bank_part, "other": other_part},
        )
    return recovery
