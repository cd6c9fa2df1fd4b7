"""Demo data: the policy, one account per unit, and generated enterprises and projects.

Idempotent: accounts are updated in place, generated rows are keyed by a deterministic credit code
and (enterprise, name), so running again adds only what is missing. Scale 1 ≈ a real district
(about 1,500 enterprises); scale 100 ≈ a province.
"""

import os
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Role, User
from accounts.services import sync_administrator_rights
from core import audit
from enterprises.models import Enterprise, Project
from enterprises.uscc import make_uscc
from programs.loader import DEFAULT_PROGRAMME_FILE, programme_load_file
from programs.models import Department, Industry, Park, Pool, Programme, Town

from .demo_annual import seed_annual
from .demo_assessment import seed_assessment
from .demo_dispatch import seed_dispatch
from .demo_docking import seed_docking
from .demo_funds import seed_funds_demo
from .demo_guarantees import seed_guarantees
from .demo_nominations import seed_nominations
from .demo_reminders import seed_reminders
from .demo_scale import seed_activity

ENTERPRISES_PER_SCALE = 1500
PROJECTS_PER_ENTERPRISE = 0.4
REGION = "371311"  # 罗庄区
DEFAULT_PASSWORD = "Luozhuang@2017"

_BRANDS = list("华鑫盛宏泰恒瑞丰源德信隆昌祥博通达远海润嘉安佳金银兴旺诚福康凯顺")
_INDUSTRY_WORDS = {
    "new_ceramics": ["陶瓷", "新材料", "耐火材料", "建陶"],
    "nickel_materials": ["镍业", "合金材料", "特钢"],
    "aluminium_materials": ["铝业", "铝材", "铝型材"],
    "modern_medicine": ["制药", "医药", "生物科技", "医疗器械"],
    "machinery": ["机械", "装备制造", "重工", "液压"],
    None: ["化工", "建材", "食品", "木业", "纺织", "电子", "包装", "塑业"],
}
_INDUSTRY_CODES = {
    "new_ceramics": "30",
    "nickel_materials": "32",
    "aluminium_materials": "32",
    "modern_medicine": "27",
    "machinery": "34",
    None: "26",
}
_PREFIXES = ["临沂", "山东", "罗庄", "临沂市"]
_SUFFIXES = ["有限公司", "有限公司", "股份有限公司", "集团有限公司"]
_FAMILY = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
_GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂英",
]


@dataclass
class DemoAccount:
    username: str
    password: str
    role: str
    unit: str

    def as_dict(self) -> dict:
        return {"username": self.username, "password": self.password, "role": self.role, "unit": self.unit}


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(_FAMILY), rng.choice(_GIVEN)


def ensure_programme() -> Programme:
    return Programme.objects.filter(is_current=True).first() or programme_load_file(
        path=DEFAULT_PROGRAMME_FILE
    )


def _generate_enterprises(count: int, towns, industries, leading) -> int:
    rng = random.Random(20170101)
    existing = set(Enterprise.objects.filter(uscc__startswith=f"91{REGION}").values_list("uscc", flat=True))
    rows = []
    for serial in range(1, count + 1):
        uscc = make_uscc(REGION, serial)
        town = towns[serial % len(towns)]
        li = leading[serial % 7] if serial % 7 < len(leading) else None
        code = li.code if li else None
        word = rng.choice(_INDUSTRY_WORDS[code])
        name = (
            f"{rng.choice(_PREFIXES)}{rng.choice(_BRANDS)}{rng.choice(_BRANDS)}{word}{rng.choice(_SUFFIXES)}"
        )
        family, given = _person(rng)
        above_scale, contact = rng.random() < 0.35, family + rng.choice(_GIVEN)
        street_no = rng.randint(1, 300)
        if uscc in existing:  # every draw above happens anyway, so reruns generate the same rows
            continue
        rows.append(
            Enterprise(
                uscc=uscc,
                name=name,
                town=town,
                industry=industries[_INDUSTRY_CODES[code]],
                leading_industry=li,
                is_above_scale=above_scale,
                legal_representative=family + given,
                established_on=date(1995 + serial % 25, 1 + serial % 12, 1 + serial % 28),
                address=f"罗庄区{town.name}{street_no}号",
                contact_name=contact,
                contact_phone=f"0539-8{serial % 1000000:06d}",
            )
        )
    Enterprise.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _generate_projects(count: int, parks) -> int:
    rng = random.Random(20170102)
    enterprises = list(
        Enterprise.objects.filter(uscc__startswith=f"91{REGION}")
        .order_by("uscc")
        .values_list("id", "town_id", "leading_industry_id", "name")
    )
    if not enterprises:
        return 0
    existing = set(Project.objects.values_list("enterprise_id", "name"))
    kinds = ["年产{n}万吨{w}项目", "{w}智能化技术改造项目", "{w}生产线扩建项目", "{w}研发中心建设项目"]
    words = ["新型陶瓷", "高温合金", "高端铝型材", "原料药", "数控机床", "节能环保", "智能装备"]
    rows, generated = [], set()
    for i in range(count):
        ent_id, town_id, li_id, _name = enterprises[(i * 7) % len(enterprises)]
        name = rng.choice(kinds).format(n=rng.randint(1, 50) * 10, w=rng.choice(words))
        investment = (
            Decimal(rng.choice([800, 2000, 5000, 12000, 30000, 80000])) + Decimal(rng.randint(0, 9999)) / 100
        )
        phase = 1
        while (ent_id, name) in generated:  # a second project of the same kind is its next phase
            phase += 1
            name = f"{name.split('（')[0]}（{phase}期）"
        generated.add((ent_id, name))
        status = rng.choice(Project.Status.values)  # drawn before the skip: reruns see the same sequence
        if (ent_id, name) in existing:
            continue
        rows.append(
            Project(
                name=name,
                enterprise_id=ent_id,
                town_id=town_id,
                total_investment=investment,
                leading_industry_id=li_id,
                park=parks[i % len(parks)] if parks and i % 4 == 0 else None,
                status=status,
                start_year=2016 + i % 4,
            )
        )
    Project.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _upsert_user(
    username: str, password_hash: str, password: str, role: str, unit_label: str, rng, **unit
) -> DemoAccount:
    family, given = _person(rng)
    User.objects.update_or_create(
        username=username,
        defaults={
            "role": role,
            "password": password_hash,
            "is_active": True,
            "last_name": family,
            "first_name": given,
            "town": unit.get("town"),
            "department": unit.get("department"),
            "enterprise": unit.get("enterprise"),
            "bank": unit.get("bank"),
            "is_superuser": False,
        },
    )
    # Staff status and admin rights follow the role: the system administrator only.
    sync_administrator_rights(User.objects.get(username=username))
    return DemoAccount(username, password, role, unit_label)


def _demo_enterprise(uscc_serial: int, name: str, town: Town, industries, leading) -> Enterprise:
    uscc = make_uscc("371311", 900000000 + uscc_serial)
    enterprise, _ = Enterprise.objects.get_or_create(
        uscc=uscc,
        defaults={
            "name": name,
            "town": town,
            "industry": industries["30"],
            "leading_industry": leading[0] if leading else None,
            "is_above_scale": True,
            "legal_representative": "王建国",
            "contact_name": "刘敏",
            "contact_phone": "0539-8123456",
        },
    )
    return enterprise


@transaction.atomic
def seed_demo(*, scale: float = 1.0, password: str | None = None) -> tuple[list[DemoAccount], dict]:
    password = password or os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
    programme = ensure_programme()
    towns = list(Town.objects.filter(is_active=True).order_by("order"))
    industries = {i.code: i for i in Industry.objects.all()}
    leading = list(programme.leading_industries.order_by("order"))
    parks = list(Park.objects.all())
    rng = random.Random(42)
    password_hash = make_password(password)  # hashed once: every demo account shares the demo password

    accounts = [
        # 三员分立: one account of each administrator.
        _upsert_user("admin", password_hash, password, Role.ADMIN, "系统管理员", rng),
        _upsert_user("security_admin", password_hash, password, Role.SECURITY_ADMIN, "安全管理员", rng),
        _upsert_user("audit_admin", password_hash, password, Role.AUDIT_ADMIN, "审计管理员", rng),
        _upsert_user("office", password_hash, password, Role.OFFICE, "领导小组办公室", rng),
    ]
    for town in towns:
        accounts.append(
            _upsert_user(f"town_{town.code}", password_hash, password, Role.TOWN, town.name, rng, town=town)
        )
    lead_ids = Pool.objects.filter(programme=programme).values_list("lead_departments", flat=True)
    for dept in Department.objects.filter(pk__in=lead_ids).order_by("order"):
        accounts.append(
            _upsert_user(
                f"dept_{dept.code}", password_hash, password, Role.DEPARTMENT, dept.name, rng, department=dept
            )
        )
    demo_names = ["临沂华盛新型陶瓷有限公司", "山东傅庄精工机械装备有限公司"]
    for i, (town, name) in enumerate(zip(towns[:2], demo_names, strict=False), start=1):
        enterprise = _demo_enterprise(i, name, town, industries, leading)
        accounts.append(
            _upsert_user(
                f"enterprise_{i}",
                password_hash,
                password,
                Role.ENTERPRISE,
                enterprise.name,
                rng,
                enterprise=enterprise,
            )
        )

    target = int(ENTERPRISES_PER_SCALE * scale)
    created = {
        "enterprises": _generate_enterprises(target, towns, industries, leading),
        "projects": _generate_projects(int(target * PROJECTS_PER_ENTERPRISE), parks),
    }
    created["nominations"] = seed_nominations(programme)
    created["credit_records"] = _seed_credit(programme, accounts, password_hash, password)
    # Activity that grows with the scale comes before the reporting dues, dispatch reports and
    # assessments that read it (so a second run finds nothing new to owe).
    created["activity"] = seed_activity(programme, scale)
    created["reporting"] = _seed_reporting(programme)
    created["late_reminders"] = seed_reminders()  # 催报, once the dues and lateness exist
    created["assessment"] = seed_assessment(
        programme,
        accounts,
        lambda d: _upsert_user(
            f"dept_{d.code}", password_hash, password, Role.DEPARTMENT, d.name, rng, department=d
        ),
    )
    created["docking"] = seed_docking(accounts, password_hash, password)
    created["dispatch"] = seed_dispatch(programme)
    created["annual"] = seed_annual(programme)  # 一年一总结, after the dispatch reports
    created["bridge_loans"] = seed_funds_demo(accounts, password_hash, password)
    created["guarantees"] = seed_guarantees(
        accounts, password_hash, password
    )  # 融资担保、引导基金, after the funds demo
    created["cockpit_rows"] = _refresh_cockpit()  # again, now that the funds, credit and 督查 are in
    audit.record(
        actor=None,
        action=audit.AuditAction.IMPORT,
        instance=programme,
        event="demo.seeded",
        params={"scale": scale, **created},
    )
    return accounts, created


def _refresh_cockpit() -> int:
    from cockpit.services import refresh_cockpit

    return sum(run.rows for run in refresh_cockpit())


def _seed_reporting(programme: Programme) -> dict:
    """Official statistics, a demo enterprise's monthly reports and plan, obligations and lateness (reporting)."""
    from reporting.demo import seed_reporting

    return seed_reporting(programme)


def _seed_credit(programme: Programme, accounts: list[DemoAccount], password_hash: str, password: str) -> int:
    """Credit (第20条): an account for every credit source department (and 区金融办) that has none,
    records for the generated enterprises (bulk) dated up to the programme's end, the rating runs of
    each half-year end since the year before it (the cockpit's grades and blacklist of its months),
    a showcase objection and blacklisting, and today's rating run; idempotent. Runs after the
    nominations: listing does not undo past decisions."""
    from credit.demo import seed_credit_data, source_departments

    rng = random.Random(20170120)
    have = {a.username for a in accounts}
    for dept in source_departments():
        if f"dept_{dept.code}" not in have:
            accounts.append(
                _upsert_user(
                    f"dept_{dept.code}",
                    password_hash,
                    password,
                    Role.DEPARTMENT,
                    dept.name,
                    rng,
                    department=dept,
                )
            )
    history = [date(programme.start_year - 1, 12, 31)]
    history += [date(year, month, 30 if month == 6 else 31) for year in programme.years for month in (6, 12)]
    return seed_credit_data(until=date(programme.end_year, 12, 31), history=history)
