"""The bridge fund's daily run (Celery task `funds.daily`): thin, idempotent, safe to run twice.

For every bridge sub-fund, as of `today`:
1. disbursed loans past their due date become overdue (the workflow's `overdue` move, actor None);
2. each overdue loan's overdue days are counted (ageing 1–3, 4–10, > 10 days) and its penalty is
   accrued up to today (one ledger entry per loan and day run, keyed, so a second run posts nothing);
3. past the grace period, ONE adverse credit record (过桥资金逾期记录, source: the fund agency) is
   written through the credit services, which re-rate the enterprise; the loan keeps the record, and
   the record's document number (过桥资金-<loan>) is unique in the database as well;
4. the fund pauses when the overdue share of loans outstanding passes its limit, and resumes (if it
   was the rule that paused it) when back at or below the limit.
Each loan is its own transaction, locked (loan, then sub-fund, then balances)."""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User

from ..models import AGENCY_DEPARTMENT, BridgeLoan, BridgeLoanState, SubFund, SubFundKind
from ..selectors import balances
from ..workflow import BRIDGE_LOANS
from .bridge import accrue_penalty
from .funds import set_paused

logger = logging.getLogger(__name__)
CREDIT_KIND = "bridge_overdue"


@dataclass
class DailySummary:
    overdue_marked: int = 0
    penalties_posted: int = 0
    credit_records: int = 0
    paused: list = field(default_factory=list)
    resumed: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.overdue_marked or self.penalties_posted or self.credit_records or self.paused or self.resumed
        )


def _agency_actor(loan: BridgeLoan):
    """The agency member a credit record is entered by: the one who disbursed, else any active member."""
    agency = User.objects.filter(role=Role.DEPARTMENT, department__code=AGENCY_DEPARTMENT, is_active=True)
    return agency.filter(pk=loan.disbursed_by_id or 0).first() or agency.order_by("pk").first()


def _credit_record(loan: BridgeLoan, today: date):
    from credit.models import RecordKind, Severity
    from credit.services import record_create

    actor = _agency_actor(loan)
    kind = RecordKind.objects.filter(code=CREDIT_KIND).first()
    if actor is None or kind is None:
        logger.warning("bridge loan %s: no agency account or credit kind for the overdue record", loan.pk)
        return None
    grace = loan.sub_fund.param("grace_days", 0)
    return record_create(
        actor=actor,
        enterprise=loan.enterprise,
        kind=kind,
        severity=Severity.SERIOUS,
        title=_("过桥资金逾期未还（逾期超过%(grace)s天宽限期）") % {"grace": grace},
        occurred_on=loan.due_on + timedelta(days=grace + 1),  # type: ignore[operator]  # overdue: has a due date
        document_ref=f"过桥资金-{loan.pk}",
        description=_("%(bank)s到期贷款过桥资金 %(amount)s 元，应于 %(due)s 归还，至 %(today)s 仍未归还。")
        % {"bank": loan.bank.name, "amount": loan.approved_amount, "due": loan.due_on, "today": today},
    )


def _run_loan(pk: int, today: date, summary: DailySummary) -> None:
    with transaction.atomic():
        loan = BRIDGE_LOANS.lock(pk)
        if loan.state == BridgeLoanState.DISBURSED and loan.due_on < today:
            loan = BRIDGE_LOANS.fire(loan, action="overdue", actor=None, comment=_("到期未归还"))
            summary.overdue_marked += 1
            loan = BRIDGE_LOANS.lock(pk)
        if loan.state != BridgeLoanState.OVERDUE:
            return
        days = (today - loan.due_on).days
        # The credit record first (it locks the enterprise's credit rows), then the penalty (the
        # sub-fund, then balances): the order an approval takes (loan, enterprise, sub-fund).
        if loan.credit_record_id is None and days > loan.sub_fund.param("grace_days", 0):
            try:
                record = _credit_record(loan, today)
            except ValidationError:  # the record exists already (same document number): keep the first
                logger.warning("bridge loan %s: overdue record refused as a duplicate", pk)
                record = None
            if record is not None:
                loan.credit_record = record
                summary.credit_records += 1
        posted = accrue_penalty(loan, today)
        loan.overdue_days = days
        loan.save(
            update_fields=[
                "overdue_days",
                "penalty_accrued",
                "penalty_through",
                "credit_record",
                "updated_at",
            ]
        )
        if posted:
            summary.penalties_posted += 1


def _overdue_share(sub_fund: SubFund) -> Decimal:
    outstanding = balances(sub_fund).get("loans_outstanding") or Decimal(0)
    if outstanding <= 0:
        return Decimal(0)
    overdue = BridgeLoan.objects.filter(sub_fund=sub_fund, state=BridgeLoanState.OVERDUE).aggregate(
        total=Coalesce(Sum("approved_amount"), Decimal(0))
    )["total"]
    return overdue / outstanding


def _pause_rule(sub_fund: SubFund, summary: DailySummary) -> None:
    limit = sub_fund.param("overdue_share_limit")
    if limit is None:
        return
    share = _overdue_share(sub_fund)
    if share > limit and not sub_fund.paused:
        reason = _("逾期余额占在贷余额 %(share)s%%，超过 %(limit)s%% 的上限，暂停新增过桥资金。") % {
            "share": (share * 100).quantize(Decimal("0.01")),
            "limit": (limit * 100).normalize(),
        }
        if set_paused(sub_fund=sub_fund, paused=True, reason=reason, by_rule=True):
            summary.paused.append(sub_fund.code)
    elif (
        share <= limit
        and sub_fund.paused
        and sub_fund.paused_by_rule
        and set_paused(sub_fund=sub_fund, paused=False)
    ):
        summary.resumed.append(sub_fund.code)


def run_daily(today: date | None = None) -> DailySummary:
    today = today or timezone.localdate()
    summary = DailySummary()
    for sub_fund in SubFund.objects.filter(kind=SubFundKind.BRIDGE):
        grace = sub_fund.param("grace_days", 0)
        due = (
            BridgeLoan.objects.filter(sub_fund=sub_fund)
            .filter(
                Q(state=BridgeLoanState.DISBURSED, due_on__lt=today)
                | Q(state=BridgeLoanState.OVERDUE)
                & (
                    Q(penalty_through__isnull=True)
                    | Q(penalty_through__lt=today)
                    | Q(credit_record__isnull=True, due_on__lt=today - timedelta(days=grace))
                )
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for pk in list(due):
            _run_loan(pk, today, summary)
        _pause_rule(sub_fund, summary)
    return summary
