"""Demo of the guarantee and guidance business (第21条): bank accounts and a fund-agency account where
none exist yet, guarantees in every state (awaiting approval, in force, released, a claim awaiting
payment, compensated with a recovery) and one guidance-fund investment with social capital, a capital
call paid in and a distribution. Idempotent: rows are keyed by their contract number or by the
enterprise invested in; a second run adds nothing.

Everything goes through the services, so the ledger, the caps, the credit record and the audit trail
are what real use would leave."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role, User
from funds.loader import funds_load_file
from funds.models import Contributor, GuidanceInvestment, SubFund
from funds.models.guarantees import Guarantee, GuaranteeState
from funds.models.guidance import CapitalCall
from funds.services import guarantees as guarantee_services
from funds.services import guidance as guidance_services
from pools.models import Nomination
from programs.models import Bank, Department, Programme

DEMO_BANKS = ("abc_luozhuang", "linshang_luozhuang", "rcb_luozhuang")
FAMILY, GIVEN = list("王李张刘陈杨赵黄周吴"), ["伟", "芳", "敏", "磊", "军", "洋", "勇", "静"]


def _account(accounts, username, password_hash, password, role, label, rng, **unit):
    from .demo import DemoAccount

    if any(a.username == username for a in accounts) or User.objects.filter(username=username).exists():
        if not any(a.username == username for a in accounts):
            accounts.append(DemoAccount(username, password, role, label))
        return User.objects.get(username=username)
    user = User.objects.create(
        username=username,
        password=password_hash,
        role=role,
        last_name=rng.choice(FAMILY),
        first_name=rng.choice(GIVEN),
        **unit,
    )
    accounts.append(DemoAccount(username, password, role, label))
    return user


def _pool_enterprises(programme: Programme, count: int) -> list:
    from credit.models import CreditStatus

    listed = CreditStatus.objects.filter(blacklisted=True).values("enterprise_id")
    entries = (
        Nomination.objects.in_pool()
        .filter(programme=programme, enterprise__isnull=False)
        .exclude(enterprise_id__in=listed)
        .select_related("enterprise")
        .order_by("pk")
    )
    seen, enterprises = set(), []
    for entry in entries:
        if entry.enterprise_id not in seen:
            seen.add(entry.enterprise_id)
            enterprises.append(entry.enterprise)
        if len(enterprises) == count:
            break
    return enterprises


def seed_guarantees(accounts: list, password_hash: str, password: str) -> dict:
    programme = Programme.objects.current()
    if programme is None:
        return {}
    fund = funds_load_file()
    rng = random.Random(20170121)
    banks = [
        _account(accounts, f"bank_{b.code}", password_hash, password, Role.BANK, b.name, rng, bank=b)
        for b in Bank.objects.filter(code__in=DEMO_BANKS).order_by("order")
    ]
    agency = _account(
        accounts,
        "dept_fund_manager",
        password_hash,
        password,
        Role.DEPARTMENT,
        "基金管理机构",
        rng,
        department=Department.objects.get(code="fund_manager"),
    )
    guarantee_fund = SubFund.objects.get(fund=fund, code="guarantee")
    guidance_fund = SubFund.objects.get(fund=fund, code="guidance")
    enterprises = _pool_enterprises(programme, 7)
    if len(enterprises) < 7 or not banks:
        return {}
    today = timezone.localdate()
    start = today - timedelta(days=200)
    made = {"guarantees": 0, "investments": 0}
    # (contract, bank, enterprise, principal, moves after submission)
    plans = [
        ("DEMO-G-001", 0, 0, "3000000.00", ["approve"]),
        ("DEMO-G-002", 1, 1, "5000000.00", ["approve"]),
        ("DEMO-G-003", 2, 2, "2000000.00", ["approve", "release"]),
        ("DEMO-G-004", 0, 3, "4000000.00", ["approve", "claim", "pay", "recover"]),
        ("DEMO-G-005", 1, 4, "1500000.00", ["approve", "claim"]),
        ("DEMO-G-006", 2, 5, "2500000.00", []),
    ]
    for contract, b, e, principal, moves in plans:
        if Guarantee.objects.filter(loan_contract=contract).exists():
            continue
        bank = banks[b % len(banks)]
        guarantee = guarantee_services.guarantee_create(
            actor=bank,
            fund=guarantee_fund,
            enterprise=enterprises[e],
            loan_contract=contract,
            principal=Decimal(principal),
            loan_start=start,
            loan_end=start + timedelta(days=365),
            fee_rate=Decimal("0.008"),
            bank_share=Decimal("0.25") if e % 2 else Decimal("0.20"),
            fund_share=Decimal("0.65") if e % 2 else Decimal("0.80"),
            other_share=Decimal("0.10") if e % 2 else Decimal("0"),
            other_party="省级再担保机构" if e % 2 else "",
        )
        for move in moves:
            if move == "recover":
                guarantee_services.recovery_record(
                    actor=agency, guarantee=guarantee, amount=Decimal("600000.00"), note="处置抵押设备"
                )
                continue
            actor = agency if move in ("approve", "pay") else bank
            extra = {}
            if move == "claim":
                extra = {
                    "default_on": today - timedelta(days=20),
                    "outstanding_principal": Decimal(principal) / 2,
                }
            if move == "release":
                extra = {"released_on": today - timedelta(days=5)}
            guarantee = guarantee_services.guarantee_transition(
                actor=actor, guarantee=guarantee, action=move, **extra
            )
        made["guarantees"] += 1
    # the guidance fund: one investment with social capital, a call on the unpaid commitments, a distribution
    investee = enterprises[6]
    if not GuidanceInvestment.objects.filter(fund=guidance_fund, enterprise=investee).exists():
        guidance_services.investment_create(
            actor=agency,
            fund=guidance_fund,
            enterprise=investee,
            amount=Decimal("3000000.00"),
            co_investors=[
                ("临沂市产业投资集团有限公司", Decimal("5000000.00")),
                ("罗庄区民营资本合伙企业", Decimal("3000000.00")),
            ],
            invested_on=date(today.year, 1, 15) if today.month > 1 else today,
        )
        made["investments"] += 1
    if not CapitalCall.objects.filter(fund=guidance_fund).exists():
        call = guidance_services.capital_call_create(
            actor=agency, fund=guidance_fund, amount=Decimal("5000000.00"), note="第二期缴款"
        )
        for share in call.shares.all():
            guidance_services.capital_call_pay(actor=agency, share=share)
        guidance_services.distribution_create(
            actor=agency, fund=guidance_fund, amount=Decimal("200000.00"), note="存款利息收益分配"
        )
    made["contributors"] = Contributor.objects.filter(sub_fund=guidance_fund).count()
    made["in_force"] = Guarantee.objects.filter(
        state__in=[GuaranteeState.ACTIVE, GuaranteeState.CLAIMED]
    ).count()
    return made
