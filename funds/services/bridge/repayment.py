"""The penalty rule (an overdue loan's days not yet accrued, Dr receivables, Cr penalty_income) and
the repayment: principal, the fee computed day by day and any penalty accrued come back."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import Move, Notice

from ...fees import fee_for, penalty
from ...models import BridgeLoan
from ...workflow import BRIDGE_LOANS
from ..ledger import Posting, credit, debit, lock_sub_fund, post_entries
from .gates import agency_users, applicant_users, loan_url, post_loan_entry


def penalty_accrual(loan: BridgeLoan, through: date) -> Posting | None:
    """The penalty rule: the overdue days up to `through` not yet accrued, charged at the fund's daily
    rate on the principal. Sets the loan's accrued penalty and the day it runs through, and returns the
    entry to post (Dr receivables, Cr penalty_income, keyed by loan and day), None when nothing is due."""
    if loan.due_on is None or through <= loan.due_on:
        return None
    start = max(loan.penalty_through or loan.due_on, loan.due_on)
    days = (through - start).days
    if days <= 0:
        return None
    amount = penalty(loan.principal, days, loan.sub_fund.param("penalty_rate_daily", Decimal(0)))
    loan.penalty_accrued += amount
    loan.penalty_through = through
    if amount <= 0:
        return None
    return Posting(
        (debit("receivables", amount), credit("penalty_income", amount)),
        memo=_("%(name)s过桥资金逾期罚息（%(start)s 至 %(end)s，%(days)s天）")
        % {"name": loan.enterprise.name, "start": start + timedelta(days=1), "end": through, "days": days},
        obj=loan,
        date=through,
        kind="penalty",
        key=f"bridge:{loan.pk}:penalty:{through.isoformat()}",
    )


def accrue_penalty(loan: BridgeLoan, through: date, *, actor=None) -> Decimal:
    """Post the penalty of the overdue days up to `through` not yet accrued (`penalty_accrual`); the
    loan row must be locked by the caller. Returns the amount posted."""
    posting = penalty_accrual(loan, through)
    if posting is None:
        return Decimal(0)
    post_entries(loan.sub_fund, [posting], caused_by=actor)
    return posting.lines[0].debit


def bridge_repay(
    *,
    actor,
    loan: BridgeLoan,
    repaid_on: date | None = None,
    renewed_on: date | None = None,
    comment: str = "",
) -> BridgeLoan:
    """The bank reports the renewal and the money coming back: principal, the fee computed day by day
    and any penalty accrued (Dr cash; Cr loans_outstanding, fee_income, receivables)."""
    repaid_on = repaid_on or timezone.localdate()

    def check(move: Move) -> None:
        loan = move.instance
        if repaid_on < loan.disbursed_on:
            raise ValidationError({"repaid_on": _("归还日期不能早于拨付日期。")})
        if repaid_on > timezone.localdate():
            raise ValidationError({"repaid_on": _("归还日期不能晚于今天。")})
        lock_sub_fund(loan.sub_fund_id)

    def apply(move: Move) -> None:
        loan = move.instance
        accrue_penalty(loan, repaid_on, actor=actor)
        loan.fee = fee_for(loan.sub_fund, loan.approved_amount, loan.disbursed_on, repaid_on).total
        loan.repaid_on, loan.renewed_on, loan.reported_by = repaid_on, renewed_on or repaid_on, actor
        lines = [
            debit("cash", loan.approved_amount + loan.fee + loan.penalty_accrued),
            credit("loans_outstanding", loan.approved_amount),
        ]
        if loan.fee > 0:
            lines.append(credit("fee_income", loan.fee))
        if loan.penalty_accrued > 0:
            lines.append(credit("receivables", loan.penalty_accrued))
        memo = _("%(name)s归还过桥资金及资金使用费（%(bank)s已续贷）")
        post_loan_entry(loan, lines, actor=actor, memo=memo, on=repaid_on, kind="repay")

    def notices(move: Move):
        yield Notice(
            agency_users() + applicant_users(move.instance),
            _("%(bank)s报告%(name)s已续贷并归还过桥资金，资金使用费 %(fee)s 元。")
            % {
                "bank": move.instance.bank.name,
                "name": move.instance.enterprise.name,
                "fee": move.instance.fee,
            },
            loan_url(move.instance),
        )

    return BRIDGE_LOANS.fire(
        loan, action="repay", actor=actor, comment=comment, check=check, apply=apply, notices=notices
    )
