"""Bridge loans (过桥还贷) on the shared workflow engine: apply, recommend, confirm, approve,
disburse, repay, withdraw. Every gate is here, not in forms: the blacklist (credit gate's reason),
the pool rule (重点投向培育库企业（项目）; the agency may allow others with its reason), the caps and
ratios of the fund, checked under the row locks (loan, then enterprise, then sub-fund, then balances).
Every movement of money is a ledger entry (funds.services.ledger.post_entry)."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.exceptions import Conflict
from core.permissions import require
from core.uploads import EVIDENCE_KINDS, safe_filename, validate_upload
from core.workflow import Move, Notice
from credit.gates import support_block_reason
from enterprises.models import Enterprise
from pools.models import Nomination

from .. import permissions
from ..fees import fee_for, penalty
from ..models import AGENCY_DEPARTMENT, BridgeLoan, BridgeLoanEvent, SubFund
from ..workflow import BRIDGE_LOANS
from .ledger import credit, debit, lock_sub_fund, post_entry

CENT = Decimal("0.01")


def money(value, field: str) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, AttributeError) as exc:
        raise ValidationError({field: _("请填写金额（元）。")}) from exc
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        raise ValidationError({field: _("金额须大于零，最多两位小数。")})
    return amount


def _url(loan) -> str:
    return reverse("funds:bridge_detail", args=[loan.pk])


def _agency_users() -> list:
    return list(User.objects.filter(role=Role.DEPARTMENT, department__code=AGENCY_DEPARTMENT, is_active=True))


def _applicant_users(loan) -> list:
    return list(
        User.objects.filter(
            Q(role=Role.ENTERPRISE, enterprise_id=loan.enterprise_id)
            | Q(role=Role.TOWN, town_id=loan.town_id),
            is_active=True,
        )
    )


def _bank_users(loan) -> list:
    return list(User.objects.filter(role=Role.BANK, bank_id=loan.bank_id, is_active=True))


def pool_entry_of(enterprise: Enterprise, sub_fund: SubFund) -> Nomination | None:
    """The enterprise's current entry (itself or one of its projects) in a pool of the fund's programme."""
    return (
        Nomination.objects.in_pool()
        .filter(programme_id=sub_fund.fund.programme_id)
        .filter(Q(enterprise_id=enterprise.pk) | Q(project__enterprise_id=enterprise.pk))
        .order_by("-year", "-decided_at", "-pk")
        .first()
    )


def _blocked(enterprise_id: int) -> None:
    # Locked as the blacklist services lock it: a listing and a decision of the same enterprise take turns.
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    if reason := support_block_reason(enterprise):
        raise Conflict(reason)


def _not_paused(sub_fund: SubFund) -> None:
    if sub_fund.paused:
        raise Conflict(
            _("%(fund)s已暂停新增业务：%(reason)s")
            % {"fund": sub_fund.name, "reason": sub_fund.paused_reason or "—"}
        )


def _check_caps(sub_fund: SubFund, amount: Decimal, term_days: int, *, renewal_amount=None) -> None:
    cap = sub_fund.param("max_loan_amount")
    if cap is not None and amount > cap:
        raise ValidationError({"amount": _("单笔过桥资金不能超过 %(cap)s 元。") % {"cap": cap}})
    longest = sub_fund.param("max_term_days")
    if longest is not None and term_days > longest:
        raise ValidationError({"term_days": _("使用天数不能超过 %(days)s 天。") % {"days": longest}})
    share = sub_fund.param("renewal_share_max")
    if renewal_amount is not None and share is not None and amount > (renewal_amount * share).quantize(CENT):
        raise ValidationError(
            {
                "approved_amount": _("过桥资金不能超过银行续贷承诺额的 %(share)s%%（%(limit)s 元）。")
                % {"share": (share * 100).normalize(), "limit": (renewal_amount * share).quantize(CENT)}
            }
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
        _blocked(enterprise.pk)
        sub_fund = lock_sub_fund(sub_fund)
        _not_paused(sub_fund)
        _check_caps(sub_fund, amount, term_days)
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
        _blocked(move.instance.enterprise_id)

    def notices(move: Move):
        yield Notice(
            _applicant_users(move.instance) + _bank_users(move.instance),
            _("%(town)s推荐了%(name)s的过桥资金申请，请贷款银行确认续贷承诺。")
            % {"town": move.instance.town.name, "name": move.instance.enterprise.name},
            _url(move.instance),
        )

    return BRIDGE_LOANS.fire(
        loan, action="recommend", actor=actor, comment=comment, check=check, notices=notices
    )


def bridge_decline(*, actor, loan: BridgeLoan, comment: str) -> BridgeLoan:
    def notices(move: Move):
        yield Notice(
            _applicant_users(move.instance),
            _("%(town)s不予推荐过桥资金申请：%(reason)s")
            % {"town": move.instance.town.name, "reason": move.comment},
            _url(move.instance),
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
            _agency_users(),
            _("%(bank)s已确认%(name)s的续贷承诺，请审批过桥资金。")
            % {"bank": move.instance.bank.name, "name": move.instance.enterprise.name},
            _url(move.instance),
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
        _blocked(loan.enterprise_id)
        sub_fund = lock_sub_fund(loan.sub_fund_id)
        _not_paused(sub_fund)
        amount = loan.amount if approved_amount in (None, "") else money(approved_amount, "approved_amount")
        if amount > loan.amount:
            raise ValidationError({"approved_amount": _("批准金额不能超过申请金额。")})
        _check_caps(sub_fund, amount, loan.term_days, renewal_amount=loan.renewal_amount)
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
            _applicant_users(move.instance) + _bank_users(move.instance),
            _("基金管理机构批准了%(name)s的过桥资金 %(amount)s 元，待拨付。")
            % {"name": move.instance.enterprise.name, "amount": move.instance.approved_amount},
            _url(move.instance),
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
            _applicant_users(move.instance) + _bank_users(move.instance),
            _("基金管理机构不予批准%(name)s的过桥资金申请：%(reason)s")
            % {"name": move.instance.enterprise.name, "reason": move.comment},
            _url(move.instance),
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
        _not_paused(sub_fund)

    def apply(move: Move) -> None:
        loan = move.instance
        loan.disbursed_by, loan.disbursed_on = actor, on
        loan.due_on = on + timedelta(days=loan.term_days)
        post_entry(
            loan.sub_fund,
            [debit("loans_outstanding", loan.approved_amount), credit("cash", loan.approved_amount)],
            caused_by=actor,
            obj=loan,
            memo=_("拨付%(name)s过桥资金（%(bank)s到期贷款）")
            % {"name": loan.enterprise.name, "bank": loan.bank.name},
            date=on,
            kind="disburse",
            key=f"bridge:{loan.pk}:disburse",
        )

    def notices(move: Move):
        yield Notice(
            _applicant_users(move.instance) + _bank_users(move.instance),
            _("过桥资金 %(amount)s 元已拨付%(name)s，应于 %(due)s 前归还。")
            % {
                "amount": move.instance.approved_amount,
                "name": move.instance.enterprise.name,
                "due": move.instance.due_on,
            },
            _url(move.instance),
        )

    return BRIDGE_LOANS.fire(
        loan, action="disburse", actor=actor, comment=comment, check=check, apply=apply, notices=notices
    )


def accrue_penalty(loan: BridgeLoan, through: date, *, actor=None) -> Decimal:
    """Post the penalty of the overdue days up to `through` not yet accrued (Dr receivables, Cr
    penalty_income); the loan row must be locked by the caller. Returns the amount posted."""
    if loan.due_on is None or through <= loan.due_on:
        return Decimal(0)
    start = max(loan.penalty_through or loan.due_on, loan.due_on)
    days = (through - start).days
    if days <= 0:
        return Decimal(0)
    amount = penalty(loan.principal, days, loan.sub_fund.param("penalty_rate_daily", Decimal(0)))
    if amount > 0:
        post_entry(
            loan.sub_fund,
            [debit("receivables", amount), credit("penalty_income", amount)],
            caused_by=actor,
            obj=loan,
            memo=_("%(name)s过桥资金逾期罚息（%(start)s 至 %(end)s，%(days)s天）")
            % {
                "name": loan.enterprise.name,
                "start": start + timedelta(days=1),
                "end": through,
                "days": days,
            },
            date=through,
            kind="penalty",
            key=f"bridge:{loan.pk}:penalty:{through.isoformat()}",
        )
    loan.penalty_accrued += amount
    loan.penalty_through = through
    return amount


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
        post_entry(
            loan.sub_fund,
            lines,
            caused_by=actor,
            obj=loan,
            memo=_("%(name)s归还过桥资金及资金使用费（%(bank)s已续贷）")
            % {"name": loan.enterprise.name, "bank": loan.bank.name},
            date=repaid_on,
            kind="repay",
            key=f"bridge:{loan.pk}:repay",
        )

    def notices(move: Move):
        yield Notice(
            _agency_users() + _applicant_users(move.instance),
            _("%(bank)s报告%(name)s已续贷并归还过桥资金，资金使用费 %(fee)s 元。")
            % {
                "bank": move.instance.bank.name,
                "name": move.instance.enterprise.name,
                "fee": move.instance.fee,
            },
            _url(move.instance),
        )

    return BRIDGE_LOANS.fire(
        loan, action="repay", actor=actor, comment=comment, check=check, apply=apply, notices=notices
    )


def bridge_withdraw(*, actor, loan: BridgeLoan, comment: str = "") -> BridgeLoan:
    return BRIDGE_LOANS.fire(loan, action="withdraw", actor=actor, comment=comment)


def letter_audit(*, actor, loan: BridgeLoan) -> None:
    audit.record(
        actor=actor, action=audit.AuditAction.DOWNLOAD, instance=loan, event="download.commitment_letter"
    )
