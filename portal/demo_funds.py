"""Demo data of the funds (第21条): the fund file loaded, bank accounts (role bank), the fund agency's
two staff (one approves, the other disburses), and bridge loans in every state so no fund page is
empty. Idempotent: a second run adds nothing."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role, User
from credit.gates import support_block_reason
from enterprises.models import Enterprise
from funds.loader import funds_load_file
from funds.models import BridgeLoan
from funds.services import bridge as svc
from funds.services.daily import run_daily
from pools.models import Nomination
from programs.models import Bank, Department, Programme

from .demo_fund_history import apply_demo_loan, approve_demo_loan, seed_bridge_history

DEMO_BANKS = 3
MARKER = "（演示数据）"
HISTORY_FROM = 20  # the programme years' loans go to the candidates after today's showcase


def _upsert(username, password_hash, password, role, unit_label, rng, **unit):
    """A demo account of a bank or a fund department (portal.demo's one way of making them)."""
    from portal.demo import _upsert_user

    return _upsert_user(username, password_hash, password, role, unit_label, rng, **unit)


def _letter():
    from io import BytesIO

    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return SimpleUploadedFile("续贷承诺函.pdf", buffer.getvalue(), content_type="application/pdf")


def seed_funds_demo(accounts: list, password_hash: str, password: str) -> int:
    """Returns the number of bridge loans created (0 on a second run)."""
    rng = random.Random(20161224)
    programme = Programme.objects.current()
    # the file's paid-in capital at the programme's start, so its years' loans are lent from it
    fund = funds_load_file(paid_on=date(programme.start_year, 1, 10) if programme else None)
    bridge = fund.sub_funds.get(code="bridge")
    banks = list(Bank.objects.filter(is_active=True).order_by("order")[:DEMO_BANKS])
    bank_users = []
    listed = {a.username for a in accounts}  # the docking demo may have made the same bank accounts
    for bank in banks:
        account = _upsert(f"bank_{bank.code}", password_hash, password, Role.BANK, bank.name, rng, bank=bank)
        if account.username not in listed:
            accounts.append(account)
        bank_users.append(User.objects.get(username=account.username))
    agency = Department.objects.get(code="fund_manager")
    staff = []
    for i in (1, 2):
        account = _upsert(
            f"fund_manager_{i}", password_hash, password, Role.DEPARTMENT, agency.name, rng, department=agency
        )
        accounts.append(account)
        staff.append(User.objects.get(username=account.username))
    have = {a.username for a in accounts}
    for code in ("financial_office", "finance"):
        dept = Department.objects.filter(code=code).first()
        if dept is not None and f"dept_{code}" not in have:
            accounts.append(
                _upsert(
                    f"dept_{code}", password_hash, password, Role.DEPARTMENT, dept.name, rng, department=dept
                )
            )
    enterprises = _candidates(bridge)
    made = 0
    if programme is not None:  # the programme's years first, today's showcase after
        made += seed_bridge_history(
            programme, bridge, enterprises[HISTORY_FROM:] or enterprises, bank_users, staff, _letter
        )
    if BridgeLoan.objects.filter(purpose__endswith=MARKER).exists():
        return made
    return made + _seed_loans(bridge, bank_users, staff, enterprises)


def _candidates(bridge) -> list[Enterprise]:
    ids = (
        Nomination.objects.in_pool()
        .filter(programme_id=bridge.fund.programme_id, enterprise__isnull=False)
        .values_list("enterprise_id", flat=True)
        .distinct()[:60]
    )
    out = []
    pool_first = list(Enterprise.objects.filter(pk__in=list(ids)).order_by("pk"))
    others = list(Enterprise.objects.exclude(pk__in=list(ids)).order_by("pk")[:40])
    for enterprise in pool_first + others:  # the pools' enterprises first (重点投向培育库企业)
        if not support_block_reason(enterprise):
            out.append(enterprise)
    return out


def _seed_loans(bridge, bank_users, staff, enterprises) -> int:
    approver, payer = staff
    today = timezone.localdate()
    plan = [
        # (state, amount 元, term days, disbursed days ago, repaid days ago)
        ("applied", "3000000.00", 10, None, None),
        ("applied", "1500000.00", 7, None, None),
        ("recommended", "5000000.00", 10, None, None),
        ("confirmed", "2000000.00", 10, None, None),
        ("approved", "4000000.00", 15, None, None),
        ("disbursed", "6000000.00", 10, 3, None),
        ("disbursed", "8000000.00", 15, 5, None),
        ("disbursed", "18000000.00", 15, 1, None),
        ("repaid", "5000000.00", 10, 40, 32),
        ("repaid", "3000000.00", 10, 25, 22),
        ("repaid", "10000000.00", 15, 60, 47),
        # overdue 1.5 of 33.5 million outstanding: 4.5%, below the 5% at which the fund pauses
        ("overdue", "1000000.00", 10, 12, None),  # 2 days overdue
        ("overdue", "500000.00", 10, 22, None),  # 12 days: past the grace period, a credit record
        ("declined", "800000.00", 10, None, None),
        ("rejected", "1200000.00", 10, None, None),
    ]
    created = 0
    for i, (state, amount, term, disbursed_ago, repaid_ago) in enumerate(plan):
        if i >= len(enterprises):
            break
        enterprise = enterprises[i]
        bank_user = bank_users[i % len(bank_users)]
        town_user = User.objects.filter(role=Role.TOWN, town_id=enterprise.town_id, is_active=True).first()
        if town_user is None:
            continue
        due = (
            today + timedelta(days=7)
            if disbursed_ago is None
            else today - timedelta(days=disbursed_ago) + timedelta(days=2)
        )
        loan = apply_demo_loan(town_user, bridge, enterprise, bank_user, amount, term, due, MARKER)
        created += 1
        if state == "applied":
            continue
        if state == "declined":
            svc.bridge_decline(actor=town_user, loan=loan, comment="企业已落实自有资金还贷，无需过桥。")
            continue
        loan = svc.bridge_recommend(actor=town_user, loan=loan)
        if state == "recommended":
            continue
        loan = svc.bridge_confirm(
            actor=bank_user, loan=loan, renewal_amount=Decimal(amount) * 2, renewal_on=due, letter=_letter()
        )
        if state == "confirmed":
            continue
        if state == "rejected":
            svc.bridge_reject(actor=approver, loan=loan, comment="企业在他行另有逾期贷款，风险较高。")
            continue
        loan = approve_demo_loan(approver, loan)
        if state == "approved":
            continue
        loan = svc.bridge_disburse(actor=payer, loan=loan, on=today - timedelta(days=disbursed_ago))
        if repaid_ago is not None:
            svc.bridge_repay(
                actor=bank_user,
                loan=loan,
                repaid_on=today - timedelta(days=repaid_ago),
                renewed_on=today - timedelta(days=repaid_ago),
            )
    run_daily(today)  # the overdue ones age, accrue their penalty, the older one gets its credit record
    return created
