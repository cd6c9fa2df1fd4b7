"""seed_demo: one account per role and unit, printed to a JSON file, idempotent, and every account signs in."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import Role, User
from enterprises.models import Enterprise, Project
from portal.demo import DEFAULT_PASSWORD
from programs.models import Bank, Department, Pool, Programme, Town

SCALE = 0.02  # 30 generated enterprises, 12 projects

ROLE_HOMES = {
    Role.TOWN: "/home/town/",
    Role.DEPARTMENT: "/home/department/",
    Role.OFFICE: "/home/office/",
    Role.ENTERPRISE: "/home/enterprise/",  # which shows /enterprises/mine/
    Role.BANK: "/home/bank/",
    Role.ADMIN: "/home/admin/",
    Role.SECURITY_ADMIN: "/home/security/",
    Role.AUDIT_ADMIN: "/home/audit/",
}


def _counts() -> dict:
    return {
        "users": User.objects.count(),
        "enterprises": Enterprise.objects.count(),
        "projects": Project.objects.count(),
        "programmes": Programme.objects.count(),
        "towns": Town.objects.count(),
        "departments": Department.objects.count(),
    }


def _seed(path) -> tuple[list[dict], str]:
    out = StringIO()
    call_command("seed_demo", scale=SCALE, accounts_json=str(path), quiet=True, stdout=out)
    return json.loads(path.read_text(encoding="utf-8")), out.getvalue()


@pytest.fixture
def seeded(db, tmp_path):
    """Runs seed_demo twice; returns both account lists, both outputs and the counts after each run."""
    first_accounts, first_out = _seed(tmp_path / "first.json")
    first_counts = _counts()
    second_accounts, second_out = _seed(tmp_path / "second.json")
    return {
        "first": first_accounts,
        "second": second_accounts,
        "first_out": first_out,
        "second_out": second_out,
        "first_counts": first_counts,
        "second_counts": _counts(),
    }


def test_second_run_adds_nothing(seeded):
    assert seeded["first_counts"]["enterprises"] >= 30 and seeded["first_counts"]["projects"] >= 12
    assert seeded["second_counts"] == seeded["first_counts"]
    assert "+30 enterprises, +12 projects" in seeded["first_out"]
    assert "+0 enterprises, +0 projects" in seeded["second_out"]
    assert seeded["second"] == seeded["first"]


def test_quiet_does_not_print_the_accounts_table(seeded):
    assert "demo accounts" not in seeded["first_out"]
    assert DEFAULT_PASSWORD not in seeded["first_out"]


def test_accounts_json_has_one_object_per_account(seeded):
    accounts = seeded["first"]

    assert all(set(a) == {"username", "password", "role", "unit"} for a in accounts)
    assert all(a["username"] and a["password"] and a["unit"] for a in accounts)
    usernames = [a["username"] for a in accounts]
    assert len(usernames) == len(set(usernames))
    # every account in the file exists with that role, and every demo account is in the file
    assert {u.username: u.role for u in User.objects.filter(username__in=usernames)} == {
        a["username"]: a["role"] for a in accounts
    }
    assert User.objects.count() == len(accounts)


def test_roles_cover_every_role_and_unit(seeded):
    accounts = seeded["first"]
    by_role: dict[str, list[dict]] = {}
    for a in accounts:
        by_role.setdefault(a["role"], []).append(a)

    assert set(by_role) == {
        Role.TOWN,
        Role.DEPARTMENT,
        Role.OFFICE,
        Role.ENTERPRISE,
        Role.BANK,
        Role.ADMIN,
        Role.SECURITY_ADMIN,
        Role.AUDIT_ADMIN,
    }
    # at least three banks, each account's unit the bank's name (funds demo)
    banks = set(Bank.objects.values_list("name", flat=True))
    assert len(by_role[Role.BANK]) >= 3 and {a["unit"] for a in by_role[Role.BANK]} <= banks
    # 三员分立: one account of each administrator, and only the system administrator is staff
    assert [len(by_role[r]) for r in (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)] == [1, 1, 1]
    staff = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {by_role[Role.ADMIN][0]["username"]}
    assert not User.objects.filter(is_superuser=True).exists()
    # every active town has its town account
    towns = set(Town.objects.filter(is_active=True).values_list("name", flat=True))
    assert towns and {a["unit"] for a in by_role[Role.TOWN]} == towns
    assert set(User.objects.filter(role=Role.TOWN).values_list("town__name", flat=True)) == towns
    # every pool's lead department has its department account
    programme = Programme.objects.get(is_current=True)
    leads = {d.name for pool in Pool.objects.filter(programme=programme) for d in pool.lead_departments.all()}
    assert leads
    assert leads <= {a["unit"] for a in by_role[Role.DEPARTMENT]}
    assert leads <= set(User.objects.filter(role=Role.DEPARTMENT).values_list("department__name", flat=True))
    # at least two enterprise accounts, of enterprises in different towns
    enterprise_users = User.objects.filter(role=Role.ENTERPRISE).select_related("enterprise__town")
    assert len(by_role[Role.ENTERPRISE]) >= 2
    assert len({u.enterprise.town_id for u in enterprise_users}) >= 2
    assert {a["unit"] for a in by_role[Role.ENTERPRISE]} == {u.enterprise.name for u in enterprise_users}


def test_generated_enterprises_are_valid_and_spread_over_towns(seeded):
    enterprises = list(Enterprise.objects.select_related("town"))
    for enterprise in enterprises[:50]:
        enterprise.full_clean()
    assert len({e.town_id for e in enterprises}) == Town.objects.filter(is_active=True).count()
    assert all(p.total_investment > 0 for p in Project.objects.all())
    assert all(p.town_id == p.enterprise.town_id for p in Project.objects.select_related("enterprise"))


def test_every_printed_account_signs_in_to_its_home(seeded):
    for account in seeded["first"]:
        client = Client()

        response = client.post(
            "/accounts/login/", {"username": account["username"], "password": account["password"]}
        )

        assert response.status_code == 302, account["username"]
        assert response["Location"] == "/"
        home = client.get("/", follow=True)
        assert home.redirect_chain[0] == (ROLE_HOMES[account["role"]], 302), account["username"]
        assert home.status_code == 200, account["username"]
        assert home.wsgi_request.user.username == account["username"]


def test_the_programme_years_cockpit_has_money_credit_and_accountability(seeded):
    """The demo's business is spread over the programme (2017–2019): June 2018 has each panel's data."""
    client = Client()
    client.force_login(User.objects.get(username="office"))
    cockpit = client.get("/cockpit/?year=2018&month=6").context["cockpit"]
    panels = {p["code"]: p["context"] for p in cockpit.panels}
    funds = {f["sub_fund"].code: f for f in panels["money"]["funds"]}
    assert funds["bridge"]["paid_in"] > 0 and funds["bridge"]["deployed"] > 0
    assert panels["money"]["guarantee"]["exposure"] > 0
    assert sum(g["n"] for g in cockpit.grades if g["grade"]) > 0  # enterprises rated by then
    assert any(m.adverse for m in cockpit.credit_months)
    rankings = panels["rankings"]
    assert rankings["dispatch"] and rankings["review"] and rankings["cases"]["n"] >= 1
