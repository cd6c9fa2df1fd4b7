"""Every write of the guarantee business (融资担保): the bank's application, the agency's decision within
the caps, release on repayment, the claim and its payment (代偿), recoveries (追偿).

Lock order of every money move here, the same as the ledger's (funds.services.ledger): the guarantee
row (the workflow engine) → the enterprise row (the blacklist gate, as pools and credit lock it; it
serialises two approvals for one borrower) → the sub-fund row (it serialises the fund's caps and cash)
→ the balance rows (post_entry, in account order). Nothing here takes them in another order.

The terms and caps live in guarantee_terms.py, recoveries in guarantee_recoveries.py; every name
still imports from here.
"""

from datetime import date as date_type
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from core.exceptions import Conflict
from core.permissions import require
from core.workflow import Move, Notice
from enterprises.models import Enterprise

from .. import permissions_guarantees as permissions
from ..models import SubFund
from ..models.funds import AGENCY_DEPARTMENT
from ..models.guarantees import ZERO, ClaimState, Guarantee, GuaranteeClaim, GuaranteeEvent
from ..workflow_guarantees import GUARANTEES
from .guarantee_recoveries import recovery_record
from .guarantee_terms import (
    cap_refusal,
    check_terms,
    fee_of,
    fund_record_kind,
    rule,
    split,
)
from .ledger import lock_sub_fund, post_entry, transfer
from .support import CENT, gated_enterprise, pool_entry_of

__all__ = ["guarantee_create", "guarantee_transition", "recovery_record"]


# --- the bank's application ------------------------------------------------------------------------


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
    check_terms(
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
        locked = gated_enterprise(enterprise.pk)
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
        gated_enterprise(guarantee.enterprise_id)  # second in the lock order
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
            _post(guarantee, guarantee, "guarantee_fee", guarantee.fee_amount, actor=actor, on=today)
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


# The guarantee's own entries by kind: the account debited, the one credited, the memo (naming the
# enterprise and the loan contract) and the key (by the id of what it is posted for, the guarantee
# or its claim: posted once).
_ENTRIES = {
    "guarantee_fee": (
        "cash",
        "fee_income",
        gettext_lazy("担保费：%(name)s（%(contract)s）"),
        "guarantee:{}:fee",
    ),
    "compensation": (
        "compensation_paid",
        "cash",
        gettext_lazy("代偿：%(name)s（%(contract)s）"),
        "guarantee-claim:{}:pay",
    ),
}


def _post(guarantee: Guarantee, obj, kind: str, amount: Decimal, *, actor, on: date_type) -> None:
    """The entry of `kind` in the guarantee's fund for `obj` (the guarantee or its claim)."""
    debit_account, credit_account, memo, key = _ENTRIES[kind]
    names = {"name": guarantee.enterprise.name, "contract": guarantee.loan_contract}
    post_entry(
        guarantee.fund,
        transfer(debit_account, credit_account, amount),
        caused_by=actor,
        obj=obj,
        memo=str(memo) % names,
        date=on,
        kind=kind,
        key=key.format(obj.pk),
    )


def _pay(guarantee: Guarantee, actor, paid_on: date_type) -> None:
    """代偿: the fund pays its share of the outstanding principal (Dr compensation paid, Cr cash), the
    exposure ends, and one adverse credit record follows through the credit services."""
    from credit.services import record_create

    claim = _open_claim(guarantee)
    lock_sub_fund(guarantee.fund_id)
    _post(guarantee, claim, "compensation", claim.fund_amount, actor=actor, on=paid_on)
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
