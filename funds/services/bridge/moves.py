"""The application and the moves of a bridge loan up to its disbursement (Dr loans_outstanding,
Cr cash), and the applicant's withdrawal; each a move on the shared engine with its checks."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require
from core.uploads import EVIDENCE_KINDS, safe_filename, validate_upload
from core.workflow import Move, Notice
from enterprises.models import Enterprise

from ... import permissions
from ...models import BridgeLoan, BridgeLoanEvent, SubFund
from ...workflow import BRIDGE_LOANS
from ..ledger import lock_sub_fund, transfer
from .gates import (
    agency_users,
    applicant_users,
    bank_users,
    check_caps,
    loan_url,
    money,
    pool_entry_of,
    post_loan_entry,
    refuse_blocked,
    refuse_paused,
)

# --- apply -------------------------------------------------------------------------------------------


def bridge_apply(
    *,
    actor,
    sub_fund: SubFund,
    enterprise: Enterprise,
    bank,
    amount,
    term_days,
    loan_amount,
    loan_due_on: date,
    purpose: str = "",
) -> BridgeLoan:
    """The enterprise (or its town on its behalf) applies, naming its bank and the loan falling due."""
    require(permissions.can_apply_bridge(actor, enterprise))
    amount = money(amount, "amount")
    loan_amount = money(loan_amount, "loan_amount")
    try:
        term_days = int(term_days)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"term_days": _("请填写使用天数。")}) from exc
    if term_days <= 0:
        raise ValidationError({"term_days": _("使用天数须大于零。")})
    if amount > loan_amount:
        raise ValidationError({"amount": _("申请金额不能超过到期贷款金额。")})
    if bank is None or not bank.is_active:
        raise ValidationError({"bank": _("请选择贷款银行。")})
    with transaction.atomic():
        refuse_blocked(enterprise.pk)
        sub_fund = lock_sub_fund(sub_fund)
        refuse_paused(sub_fund)
        check_caps(sub_fund, amount, term_days)
        loan = BridgeLoan.objects.create(
            sub_fund=sub_fund,
            enterprise=enterprise,
            town_id=enterprise.town_id,
            bank=bank,
            pool_entry=pool_entry_of(enterprise, sub_fund),
            applied_by=actor,
            amount=amount,
            term_days=term_days,
            loan_amount=loan_amount,
            loan_due_on=loan_due_on,
            purpose=(purpose or "").strip()[:500],
        )
        BRIDGE_LOANS.record(loan, actor=actor, action=BridgeLoanEvent.Action.CREATE)
    return loan


# --- moves -------------------------------------------------------------------------------------------


def bridge_recommend(*, actor, loan: BridgeLoan, comment: str = "") -> BridgeLoan:
    def check(move: Move) -> None:
        refuse_blocked(move.instance.enterprise_id)

    def notices(move: Move):
        yield Notice(
            applicant_users(move.instance) + bank_users(move.instance),
            _("%(town)s推荐了%(name)s的过桥资金申请，请贷款银行确认续贷承诺。")
            % {"town": move.instance.town.name, "name": move.instance.enterprise.name},
            loan_url(move.instance),
        )

    return BRIDGE_LOANS.fire(
        loan, action="recommend", actor=actor, comment=comment, check=check, notices=notices
    )


def bridge_decline(*, actor, loan: BridgeLoan, comment: str) -> BridgeLoan:
    def notices(move: Move):
        yield Notice(
            applicant_users(move.instance),
            _("%(town)s不予推荐过桥资金申请：%(reason)s")
            % {"town": move.instance.town.name, "reason": move.comment},
            loan_url(move.instance),
        )

    return BRIDGE_LOANS.fire(loan, action="decline", actor=actor, comment=comment, notices=notices)


def bridge_confirm(
    *, actor, loan: BridgeLoan, renewal_amount, renewal_on: date, letter, comment: str = ""
) -> BridgeLoan:
    """The bank confirms the loan falling due and its renewal commitment (续贷承诺), letter attached."""
    renewal_amount = money(renewal_amount, "renewal_amount")
    if renewal_on is None:
        raise ValidationError({"renewal_on": _("请填写承诺续贷日期。")})
    if letter is None:
        raise ValidationError({"letter": _("请上传续贷承诺函。")})
    validate_upload(letter, kinds=EVIDENCE_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES, field="letter")
    letter.name = safe_filename(letter.name)

    def check(move: Move) -> None:
        if renewal_on < move.instance.loan_due_on:
            raise ValidationError({"renewal_on": _("承诺续贷日期不能早于贷款到期日。")})

    def apply(move: Move) -> None:
        loan = move.instance
        loan.renewal_amount, loan.renewal_on = renewal_amount, renewal_on
        loan.commitment_letter = letter
        loan.commitment_letter_name = letter.name[:200]
        loan.confirmed_by, loan.confirmed_at = actor, move.at

    def notices(move: Move):
        yield Notice(
            agency_users(),
            _("%(bank)s已确认%(name)s的续贷承诺，请审批过桥资金。")
            % {"bank": move.instance.bank.name, "name": move.instance.enterprise.name},
            loan_url(move.instance),
        )

    return BRIDGE_LOANS.fire(
        loan, action="confirm", actor=actor, comment=comment, check=check, apply=apply, notices=notices
    )


def bridge_approve(
    *, actor, loan: BridgeLoan, approved_amount=None, outside_pool_reason: str = "", comment: str = ""
) -> BridgeLoan:
    """The agency approves within the fund's caps; a loan outside the pools needs its recorded reason."""
    outside_pool_reason = (outside_pool_reason or "").strip()
    decided: dict = {}

    def check(move: Move) -> None:
        loan = move.instance
        refuse_blocked(loan.enterprise_id)
        sub_fund = lock_sub_fund(loan.sub_fund_id)
        refuse_paused(sub_fund)
        amount = loan.amount if approved_amount in (None, "") else money(approved_amount, "approved_amount")
        if amount > loan.amount:
            raise ValidationError({"approved_amount": _("批准金额不能超过申请金额。")})
        check_caps(sub_fund, amount, loan.term_days, renewal_amount=loan.renewal_amount)
        if (
            loan.pool_entry_id is None
            and sub_fund.param("pool_entries_only", False)
            and not outside_pool_reason
        ):
            raise ValidationError(
                {
                    "outside_pool_reason": _(
                        "该企业不在培育库中：过桥资金重点投向培育库企业（项目），批准库外企业须填写理由。"
                    )
                }
            )
        decided["amount"] = amount

    def apply(move: Move) -> None:
        loan = move.instance
        loan.approved_amount = decided["amount"]
        loan.decided_by, loan.decided_at, loan.decision_reason = actor, move.at, move.comment
        loan.outside_pool_reason = outside_pool_reason[:500]

    def notices(move: Move):
        yield Notice(
            applicant_users(move.instance) + bank_users(move.instance),
            _("基金管理机构批准了%(name)s的过桥资金 %(amount)s 元，待拨付。")
            % {"name": move.instance.enterprise.name, "amount": move.instance.approved_amount},
            loan_url(move.instance),
        )

    return BRIDGE_LOANS.fire(
        loan, action="approve", actor=actor, comment=comment, check=check, apply=apply, notices=notices
    )


def bridge_reject(*, actor, loan: BridgeLoan, comment: str) -> BridgeLoan:
    def apply(move: Move) -> None:
        move.instance.decided_by, move.instance.decided_at = actor, move.at
        move.instance.decision_reason = move.comment

    def notices(move: Move):
        yield Notice(
            applicant_users(move.instance) + bank_users(move.instance),
            _("基金管理机构不予批准%(name)s的过桥资金申请：%(reason)s")
            % {"name": move.instance.enterprise.name, "reason": move.comment},
            loan_url(move.instance),
        )

    return BRIDGE_LOANS.fire(
        loan, action="reject", actor=actor, comment=comment, apply=apply, notices=notices
    )


def bridge_disburse(*, actor, loan: BridgeLoan, on: date | None = None, comment: str = "") -> BridgeLoan:
    """A second agency user pays the approved amount out of the fund's cash (Dr loans_outstanding,
    Cr cash); refused with the reason when the fund is paused or its cash does not cover it."""
    on = on or timezone.localdate()

    def check(move: Move) -> None:
        sub_fund = lock_sub_fund(move.instance.sub_fund_id)
        refuse_paused(sub_fund)

    def apply(move: Move) -> None:
        loan = move.instance
        loan.disbursed_by, loan.disbursed_on = actor, on
        loan.due_on = on + timedelta(days=loan.term_days)
        lines = transfer("loans_outstanding", "cash", loan.approved_amount)
        memo = _("拨付%(name)s过桥资金（%(bank)s到期贷款）")
        post_loan_entry(loan, lines, actor=actor, memo=memo, on=on, kind="disburse")

    def notices(move: Move):
        yield Notice(
            applicant_users(move.instance) + bank_users(move.instance),
            _("过桥资金 %(amount)s 元已拨付%(name)s，应于 %(due)s 前归还。")
            % {
                "amount": move.instance.approved_amount,
                "name": move.instance.enterprise.name,
                "due": move.instance.due_on,
            },
            loan_url(move.instance),
        )

    return BRIDGE_LOANS.fire(
        loan, action="disburse", actor=actor, comment=comment, check=check, apply=apply, notices=notices
    )


def bridge_withdraw(*, actor, loan: BridgeLoan, comment: str = "") -> BridgeLoan:
    return BRIDGE_LOANS.fire(loan, action="withdraw", actor=actor, comment=comment)


def letter_audit(*, actor, loan: BridgeLoan) -> None:
    audit.record(
        actor=actor, action=audit.AuditAction.DOWNLOAD, instance=loan, event="download.commitment_letter"
    )
