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
The loans are taken in batches of BATCH, each batch one transaction in a constant number of queries
however many of its loans fall due (the overdue moves through the engine's `fire_many`, the penalties
through the ledger's `post_entries`, the credit records past the grace period through the credit
services' `records_create_many`, the loans saved in one statement).
Locks in the order an approval takes: the batch's loans (by id), then the enterprises of its credit
records (by id), then the sub-fund, then its balances."""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User

from ..models import AGENCY_DEPARTMENT, BridgeLoan, BridgeLoanState, SubFund, SubFundKind
from ..selectors import balances
from ..workflow import BRIDGE_LOANS
from .bridge import penalty_accrual
from .funds import set_paused
from .ledger import post_entries

logger = logging.getLogger(__name__)
CREDIT_KIND = "bridge_overdue"
BATCH = 500  # loans per transaction: its queries are constant, its locks few enough


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


class _Agency:
    """The agency's active members (who a credit record is entered by) and the record kind, read once
    per run and only when a record is due."""

    def __init__(self):
        self._loaded = False
        self.members: list = []
        self.kind = None

    def load(self) -> "_Agency":
        if not self._loaded:
            from credit.models import RecordKind

            self.members = list(
                User.objects.filter(role=Role.DEPARTMENT, department__code=AGENCY_DEPARTMENT, is_active=True)
                .select_related("department")
                .order_by("pk")
            )
            self.kind = RecordKind.objects.filter(code=CREDIT_KIND).first()
            self._loaded = True
        return self

    def actor_for(self, loan: BridgeLoan):
        """The member who disbursed, else the first active member."""
        by_payer = next((u for u in self.members if u.pk == loan.disbursed_by_id), None)
        return by_payer or (self.members[0] if self.members else None)


def _credit_record(loan: BridgeLoan, today: date, agency: _Agency):
    """The loan's overdue record to enter (credit.services.NewRecord), None without an agency account
    or the record kind."""
    from credit.models import Severity
    from credit.services import NewRecord

    actor = agency.load().actor_for(loan)
    if actor is None or agency.kind is None:
        logger.warning("bridge loan %s: no agency account or credit kind for the overdue record", loan.pk)
        return None
    grace = loan.sub_fund.param("grace_days", 0)
    return NewRecord(
        actor=actor,
        enterprise=loan.enterprise,
        kind=agency.kind,
        severity=Severity.SERIOUS,
        title=_("过桥资金逾期未还（逾期超过%(grace)s天宽限期）") % {"grace": grace},
        occurred_on=loan.due_on + timedelta(days=grace + 1),  # type: ignore[operator, arg-type]  # overdue: has a due date
        document_ref=f"过桥资金-{loan.pk}",
        description=_("%(bank)s到期贷款过桥资金 %(amount)s 元，应于 %(due)s 归还，至 %(today)s 仍未归还。")
        % {"bank": loan.bank.name, "amount": loan.approved_amount, "due": loan.due_on, "today": today},
    )


def _enter_records(loans: list[BridgeLoan], today: date, summary: DailySummary, agency: _Agency) -> None:
    """The overdue records of the loans past the grace period, entered together through the credit
    services (which re-rate the enterprises); a loan keeps its record."""
    from credit.services import records_create_many

    due = [(loan, new) for loan in loans if (new := _credit_record(loan, today, agency)) is not None]
    for (loan, _new), record in zip(due, records_create_many([new for _loan, new in due]), strict=True):
        if record is None:  # the record exists already (same document number): keep the first
            logger.warning("bridge loan %s: overdue record refused as a duplicate", loan.pk)
            continue
        loan.credit_record = record
        summary.credit_records += 1


def _run_batch(
    sub_fund: SubFund, pks: list[int], today: date, summary: DailySummary, agency: _Agency
) -> None:
    with transaction.atomic():
        loans = {loan.pk: loan for loan in BRIDGE_LOANS.lock_many(pks)}
        falling_due = [
            pk
            for pk, loan in loans.items()
            if loan.state == BridgeLoanState.DISBURSED and loan.due_on < today
        ]
        if falling_due:
            marked = BRIDGE_LOANS.fire_many(
                falling_due, action="overdue", actor=None, comment=_("到期未归还")
            )
            loans.update((loan.pk, loan) for loan in marked)
            summary.overdue_marked += len(marked)
        overdue = [loan for _pk, loan in sorted(loans.items()) if loan.state == BridgeLoanState.OVERDUE]
        if not overdue:
            return
        # The credit records first (their enterprises locked by id, then re-rated); then the
        # penalties (the sub-fund, then balances): the order an approval takes (loan, enterprise, sub-fund).
        past_grace = [
            loan
            for loan in overdue
            if loan.credit_record_id is None
            and (today - loan.due_on).days > loan.sub_fund.param("grace_days", 0)
        ]
        _enter_records(past_grace, today, summary, agency)
        postings = [posting for loan in overdue if (posting := penalty_accrual(loan, today)) is not None]
        post_entries(sub_fund, postings, caused_by=None)
        summary.penalties_posted += len(postings)
        for loan in overdue:
            loan.overdue_days = (today - loan.due_on).days
        BRIDGE_LOANS.save_many(
            overdue, ["overdue_days", "penalty_accrued", "penalty_through", "credit_record"]
        )


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
    agency = _Agency()
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
        pks = list(due)
        for at in range(0, len(pks), BATCH):
            _run_batch(sub_fund, pks[at : at + BATCH], today, summary, agency)
        _pause_rule(sub_fund, summary)
    return summary
