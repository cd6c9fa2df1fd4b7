"""Helpers for the funds tests: a bridge loan taken through the workflow to a given state."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from funds.services import bridge as svc
from programs.models import Department, Pool
from tests.factories import BankUserFactory, DepartmentUserFactory, EnterpriseFactory, TownUserFactory
from tests.factories.pools import blank_pdf
from tests.factories.reporting import PoolEntryFactory


def letter() -> SimpleUploadedFile:
    return SimpleUploadedFile("续贷承诺函.pdf", blank_pdf(), content_type="application/pdf")


def agency(username: str):
    return DepartmentUserFactory(username=username, department=Department.objects.get(code="fund_manager"))


class World:
    """An enterprise in a pool of the programme, its town's user, a bank's user, two agency users."""

    def __init__(self, sub_fund, *, in_pool: bool = True, bank_user=None, enterprise=None):
        self.sub_fund = sub_fund
        self.enterprise = enterprise or EnterpriseFactory()
        if in_pool:
            pool = Pool.objects.filter(programme=sub_fund.fund.programme).first()
            PoolEntryFactory(pool=pool, enterprise=self.enterprise, year=pool.programme.start_year)
        self.town_user = TownUserFactory(town=self.enterprise.town)
        self.bank_user = bank_user or BankUserFactory()
        self.bank = self.bank_user.bank
        self.approver = agency(f"approver{self.enterprise.pk}")
        self.payer = agency(f"payer{self.enterprise.pk}")

    def apply(self, amount="1000000.00", term_days=10, **kwargs):
        return svc.bridge_apply(
            actor=self.town_user,
            sub_fund=self.sub_fund,
            enterprise=self.enterprise,
            bank=self.bank,
            amount=amount,
            term_days=term_days,
            loan_amount=kwargs.pop("loan_amount", amount),
            loan_due_on=kwargs.pop("loan_due_on", date(2026, 12, 20)),
            **kwargs,
        )

    def to(self, state: str, *, amount="1000000.00", term_days=10, on: date | None = None, renewal=None):
        loan = self.apply(amount, term_days)
        if state == "applied":
            return loan
        loan = svc.bridge_recommend(actor=self.town_user, loan=loan)
        if state == "recommended":
            return loan
        renewal = renewal or (Decimal(amount) * 2)
        loan = svc.bridge_confirm(
            actor=self.bank_user,
            loan=loan,
            renewal_amount=renewal,
            renewal_on=loan.loan_due_on,
            letter=letter(),
        )
        if state == "confirmed":
            return loan
        loan = svc.bridge_approve(actor=self.approver, loan=loan)
        if state == "approved":
            return loan
        loan = svc.bridge_disburse(actor=self.payer, loan=loan, on=on or date.today() - timedelta(days=2))
        return loan


def blacklist(enterprise):
    from credit.services import blacklist_add
    from tests.factories.credit import SourceUserFactory

    return blacklist_add(
        actor=SourceUserFactory(source="financial_office"), enterprise=enterprise, reason="恶意逃废银行债务"
    )


def approved_loan(world, amount, *, term_days=10):
    """An approved bridge loan made directly (the money tests start at the disbursement)."""
    from funds.models import BridgeLoan, BridgeLoanState

    return BridgeLoan.objects.create(
        sub_fund=world.sub_fund,
        enterprise=world.enterprise,
        town=world.enterprise.town,
        bank=world.bank,
        applied_by=world.town_user,
        amount=amount,
        approved_amount=amount,
        term_days=term_days,
        loan_amount=amount,
        loan_due_on=date(2026, 12, 20),
        renewal_amount=Decimal(amount) * 2,
        state=BridgeLoanState.APPROVED,
        decided_by=world.approver,
    )
