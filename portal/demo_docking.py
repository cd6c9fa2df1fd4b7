"""Demo bank–enterprise docking (第22条): bank accounts, a held meeting with intentions in every state
and a planned one, credit specialists with visits, and green-channel applications applied, approved,
disbursed, refused and waiting too long. Through the services (history and audit rows are real).
Idempotent: skipped once a meeting exists; bank accounts are get-or-create by `bank_<code>`."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role, User
from programs.models import Bank

BANKS = 3


def _bank_accounts(accounts: list, password_hash: str, password: str) -> list[User]:
    from .demo import DemoAccount

    users = []
    have = {a.username for a in accounts}
    for bank in Bank.objects.filter(is_active=True).order_by("order", "code")[:BANKS]:
        username = f"bank_{bank.code}"
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": Role.BANK,
                "bank": bank,
                "password": password_hash,
                "is_active": True,
                "last_name": "孙",
                "first_name": "信贷",
            },
        )
        users.append(user)
        if username not in have:
            accounts.append(DemoAccount(username, password, Role.BANK, bank.name))
    return users


def seed_docking(accounts: list, password_hash: str, password: str) -> dict:
    from docking import services
    from docking.models import Meeting
    from docking.selectors import pool_entries

    banks = _bank_accounts(accounts, password_hash, password)
    if Meeting.objects.exists() or len(banks) < BANKS:
        return {"meetings": 0}
    organiser = (
        User.objects.filter(role=Role.DEPARTMENT, department__code="financial_office", is_active=True).first()
        or User.objects.filter(role=Role.OFFICE).first()
    )
    entries = list(pool_entries()[:9])
    if organiser is None or len(entries) < 3:
        return {"meetings": 0}
    today = timezone.localdate()
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    meeting = services.meeting_create(
        actor=organiser,
        title="培育库企业“一对一”银企对话会",
        held_on=day(60),
        place="罗庄区政务服务中心三楼会议室",
        banks=[b.bank for b in banks],
        enterprises=entries,
        notes="区金融办组织，各银行业金融机构信贷部门负责人参加。",
    )
    services.meeting_transition(actor=organiser, meeting=meeting, action="hold")
    services.meeting_create(
        actor=organiser,
        title="点对点银企对接会（智能制造）",
        held_on=today + timedelta(days=14),
        place="罗庄区经信局会议室",
        form="point",
        banks=[b.bank for b in banks],
        enterprises=entries[:3],
    )

    def intend(bank_user, enterprise, amount):
        return services.intention_record(
            actor=organiser,
            meeting=meeting,
            bank=bank_user.bank,
            enterprise=enterprise,
            amount=Decimal(amount),
            product="流动资金贷款",
            contact="刘敏 0539-8123456",
        )

    created = {"meetings": 2, "intentions": 0, "applications": 0, "visits": 0}
    # applications: (bank, entry, applied days ago, approved days ago, disbursed days ago, refused)
    plan = [
        (0, 0, 55, 40, 35, None),  # disbursed
        (0, 1, 50, 38, None, None),  # approved, not disbursed for 38 days: waiting too long
        (0, 2, 45, None, None, None),  # under review for 45 days: waiting too long
        (1, 3, 40, 30, 28, None),
        (1, 4, 20, None, None, "collateral"),
        (1, 5, 5, None, None, None),  # under review, recent
        (2, 6, 58, 50, 49, None),
        (2, 7, 30, 25, None, None),
        (2, 8, 35, None, None, "repayment"),
    ]
    for index, (b, e, applied, approved, disbursed, refused) in enumerate(plan):
        if e >= len(entries):
            continue
        bank_user, enterprise = banks[b], entries[e]
        intention = intend(bank_user, enterprise, 500 + 100 * index) if index % 3 == 0 else None
        created["intentions"] += intention is not None
        application = services.application_create(
            actor=bank_user,
            enterprise=enterprise,
            product="流动资金贷款",
            amount_applied=Decimal(800 + 100 * index),
            applied_on=day(applied),
            intention=intention,
        )
        created["applications"] += 1
        if approved is not None:
            application = services.application_approve(
                actor=bank_user,
                application=application,
                approved_on=day(approved),
                amount_granted=Decimal(600 + 100 * index),
            )
        if disbursed is not None:
            services.application_disburse(
                actor=bank_user, application=application, disbursed_on=day(disbursed)
            )
        if refused:
            services.application_refuse(actor=bank_user, application=application, reason=refused)
    # open and dropped intentions
    intend(banks[1], entries[0], 300)
    dropped = intend(banks[2], entries[1], 1200)
    services.intention_drop(
        actor=organiser, intention=dropped, reason="collateral", note="企业厂房尚未办理产权证。"
    )
    created["intentions"] += 2
    # specialists and visits
    for b, bank_user in enumerate(banks):
        for e in (b, b + 3):
            if e >= len(entries):
                continue
            specialist = services.specialist_assign(
                actor=bank_user, enterprise=entries[e], user=bank_user, phone="13905390000"
            )
            if e == b:  # one visited (next visit due already), the other never visited
                services.visit_log(
                    actor=bank_user,
                    specialist=specialist,
                    visited_on=day(40),
                    form="on_site",
                    people_met="财务总监、生产副总",
                    difficulties=["collateral", "cost"],
                    difficulty_note="新上生产线设备尚未形成可抵押资产。",
                    follow_up="推荐使用设备抵押贷款和应收账款质押产品。",
                    next_visit_on=day(10),
                )
                created["visits"] += 1
    return created
