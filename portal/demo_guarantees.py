"""Demo of the guarantee and guidance business (第21条): guarantees in every state (awaiting approval, in force, released, a claim awaiting
payment, compensated with a recovery) and one guidance-fund investment with social capital, a capital
call paid in and a distribution. Idempotent: rows are keyed by their contract number or by the
enterprise invested in; a second run adds nothing.

Everything goes through the services, so the ledger, the caps, the credit record and the audit trail
are what real use would leave."""

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
from programs.models import Programme

from .demo_fund_history import seed_guarantee_history


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
    """Runs after the funds demo, whose bank and agency accounts it uses (it adds none: `accounts`,
    `password_hash` and `password` are taken for the same call shape as the other demo steps)."""
    programme = Programme.objects.current()
    if programme is None:
        return {}
    fund = funds_load_file()
    # the accounts the funds demo made (portal/demo_funds.py): its banks and the agency's first official
    banks = list(
        User.objects.filter(role=Role.BANK, is_active=True)
        .select_related("bank")
        .order_by("bank__order", "pk")[:3]
    )
    agency = (
        User.objects.filter(role=Role.DEPARTMENT, department__code="fund_manager", is_active=True)
        .order_by("username")
        .first()
    )
    if not banks or agency is None:
        return {}
    guarantee_fund = SubFund.objects.get(fund=fund, code="guarantee")
    guidance_fund = SubFund.objects.get(fund=fund, code="guidance")
    enterprises = _pool_enterprises(programme, 7 + 2 * len(programme.years))
    if len(enterprises) < 7 or not banks:
        return {}
    history = seed_guarantee_history(programme, guarantee_fund, enterprises[7:] or enterprises, banks, agency)
    today = timezone.localdate()
    start = today - timedelta(days=200)
    made = {"guarantees": 0, "investments": 0, "history": history}
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
            # in the programme's second year (its ledger entry on that day), today when that is later
            invested_on=min(date(programme.start_year + 1, 6, 18), today),
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
