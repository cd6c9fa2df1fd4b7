"""Demo fund business of the programme's years (2017–2019 for 罗发〔2016〕23号), so the cockpit's money
panel of a past month has figures: bridge loans lent and repaid each quarter (every other one repaid
a few days late, so some month ends show a loan overdue), guarantees begun each year and released
the next (one compensated) and a guidance-fund investment in the programme's second year.

Through the services with their business dates (the ledger is append-only: an entry is posted on
its day or never). A fixed, small number of rows whatever the scale. Idempotent: keyed by the
loans' purpose marker and the guarantees' contract numbers."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role, User
from funds.models import BridgeLoan
from funds.models.guarantees import Guarantee
from funds.services import bridge as svc
from funds.services import guarantees as guarantee_services
from programs.models import Programme

MARKER = "（演示数据·历年）"
LOAN_AMOUNTS = ("2000000.00", "3500000.00", "5000000.00", "2500000.00")


def apply_demo_loan(town_user, bridge, enterprise, bank_user, amount: str, term: int, due: date, marker: str):
    """The town applies for a bridge loan to repay the bank's loan due on `due` (twice the amount)."""
    return svc.bridge_apply(
        actor=town_user,
        sub_fund=bridge,
        enterprise=enterprise,
        bank=bank_user.bank,
        amount=amount,
        term_days=term,
        loan_amount=Decimal(amount) * 2,
        loan_due_on=due,
        purpose=f"归还{bank_user.bank.name}到期流动资金贷款{marker}",
    )


def approve_demo_loan(approver, loan):
    """The agency approves, giving the reason when the enterprise is outside the pools."""
    return svc.bridge_approve(
        actor=approver,
        loan=loan,
        comment="续贷承诺明确，同意。",
        outside_pool_reason="" if loan.pool_entry_id else "区重点技改项目配套企业，经基金管理机构研究同意。",
    )


def seed_bridge_history(programme: Programme, bridge, enterprises, bank_users, staff, letter) -> int:
    """A loan each quarter of each programme year that has ended: lent on the 18th of the quarter's
    last month for 7 days; odd quarters repaid on the 23rd, even ones on the 5th of the next month
    (overdue 5 or 6 days at the month's end). Returns the loans made (0 on a second run)."""
    if BridgeLoan.objects.filter(purpose__endswith=MARKER).exists():
        return 0
    approver, payer = staff
    today = timezone.localdate()
    plan = [
        (date(year, quarter * 3, 18), quarter)
        for year in programme.years
        for quarter in (1, 2, 3, 4)
        if date(year, quarter * 3, 18) + timedelta(days=30) < today
    ]
    made = 0
    for i, (lent_on, quarter) in enumerate(plan if enterprises else []):
        enterprise = enterprises[i % len(enterprises)]  # one after another: each repaid before the next
        town_user = User.objects.filter(role=Role.TOWN, town_id=enterprise.town_id, is_active=True).first()
        if town_user is None:
            continue
        bank_user = bank_users[made % len(bank_users)]
        amount = LOAN_AMOUNTS[made % len(LOAN_AMOUNTS)]
        due = lent_on + timedelta(days=7)
        loan = apply_demo_loan(town_user, bridge, enterprise, bank_user, amount, 7, due, MARKER)
        loan = svc.bridge_recommend(actor=town_user, loan=loan)
        loan = svc.bridge_confirm(
            actor=bank_user, loan=loan, renewal_amount=Decimal(amount) * 2, renewal_on=due, letter=letter()
        )
        loan = approve_demo_loan(approver, loan)
        loan = svc.bridge_disburse(actor=payer, loan=loan, on=lent_on)
        repaid = (
            lent_on + timedelta(days=5)
            if quarter % 2
            else date(lent_on.year + quarter // 4, quarter * 3 % 12 + 1, 5)
        )
        svc.bridge_repay(actor=bank_user, loan=loan, repaid_on=repaid, renewed_on=repaid)
        made += 1
    return made


def seed_guarantee_history(programme: Programme, guarantee_fund, enterprises, banks, agency) -> int:
    """Two guarantees a programme year (begun in February and May, released a year later); the
    second of the programme's second year defaults and is compensated. Returns those made."""
    today = timezone.localdate()
    plans = []
    for i, year in enumerate(programme.years):
        plans.append((f"DEMO-H-{year}-1", date(year, 2, 15), "4000000.00", False))
        plans.append((f"DEMO-H-{year}-2", date(year, 5, 20), "6000000.00", i == 1))
    made = 0
    for i, (contract, start, principal, defaults) in enumerate(plans if enterprises else []):
        enterprise = enterprises[i % len(enterprises)]
        ended = date(start.year + 1, start.month, 10)
        if ended >= today or Guarantee.objects.filter(loan_contract=contract).exists():
            continue
        bank = banks[made % len(banks)]
        guarantee = guarantee_services.guarantee_create(
            actor=bank,
            fund=guarantee_fund,
            enterprise=enterprise,
            loan_contract=contract,
            principal=Decimal(principal),
            loan_start=start,
            loan_end=start + timedelta(days=365),
            fee_rate=Decimal("0.008"),
            bank_share=Decimal("0.20"),
            fund_share=Decimal("0.80"),
        )
        guarantee = guarantee_services.guarantee_transition(
            actor=agency, guarantee=guarantee, action="approve"
        )
        if defaults:
            guarantee = guarantee_services.guarantee_transition(
                actor=bank,
                guarantee=guarantee,
                action="claim",
                default_on=ended - timedelta(days=40),
                outstanding_principal=Decimal(principal) / 2,
            )
            guarantee_services.guarantee_transition(
                actor=agency, guarantee=guarantee, action="pay", paid_on=ended
            )
        else:
            guarantee_services.guarantee_transition(
                actor=bank, guarantee=guarantee, action="release", released_on=ended
            )
        made += 1
    return made
