"""Who may open which page and who may write: one table per page, role → HTTP status.

Placeholders in the URLs ({enterprise}, {other_project}, {quota}…) are filled from the `world`
fixture: the real policy file, one user per role, an enterprise and a project in the town user's
town (the enterprise user's own) and the same in another town.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from core.models import AuditAction, AuditLog
from enterprises.models import Enterprise, Project
from enterprises.uscc import make_uscc
from funds.loader import funds_load_file
from programs.forms import CREATABLE, EDITABLE
from programs.models import Criterion, Department, Park, Pool, PoolQuota, Town
from tests.core.form_data import enterprise_form, project_form, registry_xlsx
from tests.factories import ProjectFactory

ROLES = ("anonymous", "town", "department", "office", "enterprise", "admin", "security_admin", "audit_admin")
ADMINISTRATORS = ("admin", "security_admin", "audit_admin")
LOGIN_URL = "/accounts/login/"


def row(anonymous, town, department, office, enterprise, admin, security=None, audit=None) -> dict[str, int]:
    """One line of the matrix, in the column order of ROLES. The security and audit administrators
    answer as the system administrator unless the line says otherwise: none of the three reads
    business data (三员分立)."""
    security = admin if security is None else security
    audit = admin if audit is None else audit
    values = (anonymous, town, department, office, enterprise, admin, security, audit)
    return dict(zip(ROLES, values, strict=True))


# --- GET -------------------------------------------------------------------------------------------
#                                                       anon town dept office ent admin [security audit]
# The three administrators see no business data: every registry page is 403 to them (三员分立).
GET_MATRIX = {
    "/": row(302, 302, 302, 302, 302, 302),  # → the role's home
    "/home/town/": row(302, 200, 403, 403, 403, 403),
    "/home/department/": row(302, 403, 200, 403, 403, 403),
    "/home/office/": row(302, 403, 403, 200, 403, 403),
    "/home/enterprise/": row(302, 403, 403, 403, 200, 403),
    "/home/admin/": row(302, 403, 403, 403, 403, 200, 403, 403),
    "/home/security/": row(302, 403, 403, 403, 403, 403, 200, 403),
    "/home/audit/": row(302, 403, 403, 403, 403, 403, 403, 200),
    "/home/bank/": row(302, 403, 403, 403, 403, 403),
    # Funds: the overview and the books for the agency, 金融办, 财政局 and the office (this department is
    # none of them); bridge loans listed to each as visible_to scopes them.
    "/funds/": row(302, 403, 403, 200, 403, 403),
    "/funds/bridge/ledger/": row(302, 403, 403, 200, 403, 403),
    "/funds/bridge/trial-balance/": row(302, 403, 403, 200, 403, 403),
    "/funds/bridge/params/": row(302, 403, 403, 200, 403, 403),
    "/funds/bridge/": row(302, 200, 200, 200, 200, 403),
    "/funds/bridge/apply/": row(302, 200, 403, 403, 200, 403),
    # The audit trail is the audit administrator's alone (not the office's, not the system administrator's).
    "/audit/": row(302, 403, 403, 403, 403, 403, 403, 200),
    # The security administrator's tools.
    "/accounts/security/lockouts/": row(302, 403, 403, 403, 403, 403, 200, 403),
    "/accounts/security/tokens/": row(302, 403, 403, 403, 403, 403, 200, 403),
    "/accounts/security/policy/": row(302, 403, 403, 403, 403, 403, 200, 403),
    # The policy is public inside the portal: every signed-in role reads it.
    "/programme/": row(302, 200, 200, 200, 200, 200),
    "/programme/{programme_code}/": row(302, 200, 200, 200, 200, 200),
    "/programme/targets/": row(302, 200, 200, 200, 200, 200),
    "/programme/{programme_code}/targets/": row(302, 200, 200, 200, 200, 200),
    "/programme/reference/": row(302, 200, 200, 200, 200, 200),
    "/programme/{programme_code}/pools/backbone/": row(302, 200, 200, 200, 200, 200),
    "/programme/{programme_code}/pools/no-such-pool/": row(302, 404, 404, 404, 404, 404),
    "/programme/no-such-programme/": row(302, 404, 404, 404, 404, 404),
    # Policy edits: the office only (not the system administrator: separation of duties).
    "/programme/edit/criterion/new/?pool={pool}": row(302, 403, 403, 200, 403, 403),
    "/programme/edit/quota/new/": row(302, 404, 404, 404, 404, 404),  # not creatable
    "/programme/edit/no-such-kind/{quota}/": row(302, 404, 404, 404, 404, 404),
    # Registry.
    "/enterprises/": row(302, 200, 200, 200, 403, 403),
    "/enterprises/new/": row(302, 200, 403, 200, 403, 403),
    "/enterprises/{enterprise}/": row(302, 200, 200, 200, 200, 403),
    "/enterprises/{other_enterprise}/": row(302, 404, 200, 200, 404, 403),
    "/enterprises/{enterprise}/edit/": row(302, 200, 403, 200, 403, 403),
    "/enterprises/{other_enterprise}/edit/": row(302, 404, 403, 200, 404, 403),
    "/enterprises/import/": row(302, 200, 403, 200, 403, 403),
    "/enterprises/import/template.xlsx": row(302, 200, 403, 200, 403, 403),
    "/enterprises/export.xlsx": row(302, 200, 200, 200, 403, 403),
    "/enterprises/mine/": row(302, 403, 403, 403, 200, 403),
    "/enterprises/projects/": row(302, 200, 200, 200, 403, 403),
    "/enterprises/projects/new/": row(302, 200, 403, 200, 403, 403),
    "/enterprises/projects/{project}/": row(302, 200, 200, 200, 200, 403),
    "/enterprises/projects/{other_project}/": row(302, 404, 200, 200, 404, 403),
    "/enterprises/projects/{project}/edit/": row(302, 200, 403, 200, 403, 403),
    "/enterprises/projects/{other_project}/edit/": row(302, 404, 403, 200, 404, 403),
    # The leadership cockpit: the office (district), a town (its own), a department (its pools);
    # actuals are entered by the office only.
    "/cockpit/": row(302, 200, 200, 200, 403, 403),
    "/cockpit/export.xlsx": row(302, 200, 200, 200, 403, 403),
    "/cockpit/actuals/": row(302, 403, 403, 200, 403, 403),
    # API: unauthenticated is refused, not redirected.
    "/api/v1/me/": row(403, 200, 200, 200, 200, 200),
    # Bank–enterprise docking (第22条): 区金融办 and the office organise; a department other than 金融办
    # reads the green channel of its pools' enterprises only; the bank's workbench is the bank's.
    "/docking/": row(302, 302, 302, 302, 302, 403),
    "/docking/meetings/": row(302, 200, 403, 200, 200, 403),
    "/docking/meetings/new/": row(302, 403, 403, 200, 403, 403),
    "/docking/applications/": row(302, 200, 200, 200, 200, 403),
    "/docking/applications/export.xlsx": row(302, 200, 200, 200, 200, 403),
    "/docking/applications/new/": row(302, 403, 403, 403, 403, 403),
    "/docking/banks/": row(302, 403, 403, 200, 403, 403),
    "/docking/banks/export.xlsx": row(302, 403, 403, 200, 403, 403),
    "/docking/workbench/": row(302, 403, 403, 403, 403, 403),
    "/docking/specialists/": row(302, 200, 403, 200, 200, 403),
    "/docking/visits/": row(302, 200, 403, 200, 200, 403),
    "/docking/mine/": row(302, 403, 403, 403, 200, 403),
    "/docking/settings/": row(302, 403, 403, 200, 403, 403),
}
# Every kind of policy record has an edit page, and every creatable kind a "new" page (forms.py).
POLICY_EDIT_URLS = [f"/programme/edit/{kind}/{{{kind}}}/" for kind in EDITABLE]
POLICY_NEW_URLS = [f"/programme/edit/{kind}/new/" for kind in sorted(CREATABLE - {"criterion"})]
for _url in POLICY_EDIT_URLS + POLICY_NEW_URLS:
    GET_MATRIX[_url] = row(302, 403, 403, 200, 403, 403)

# --- POST (create / edit / import) ---------------------------------------------------------------
#                                                       anon town dept office ent admin
POST_MATRIX = {
    "/enterprises/new/": row(302, 302, 403, 302, 403, 403),
    "/enterprises/{enterprise}/edit/": row(302, 302, 403, 302, 403, 403),
    "/enterprises/{other_enterprise}/edit/": row(302, 404, 403, 302, 404, 403),
    "/enterprises/import/": row(302, 302, 403, 302, 403, 403),
    "/enterprises/projects/new/": row(302, 302, 403, 302, 403, 403),
    "/enterprises/projects/{project}/edit/": row(302, 302, 403, 302, 403, 403),
    "/enterprises/projects/{other_project}/edit/": row(302, 404, 403, 302, 404, 403),
    "/programme/edit/quota/{quota}/": row(302, 403, 403, 302, 403, 403),
    "/programme/edit/town/new/": row(302, 403, 403, 302, 403, 403),
    "/programme/edit/criterion/new/?pool={pool}": row(302, 403, 403, 302, 403, 403),
}


@dataclass
class World:
    users: dict
    enterprise: Enterprise
    other_enterprise: Enterprise
    project: Project
    other_project: Project
    quota: PoolQuota
    pool: Pool
    ids: dict

    def url(self, template: str) -> str:
        return template.format(**self.ids)


@pytest.fixture
def world(programme, users, enterprise, other_enterprise):
    funds_load_file()  # the fund file of the programme (the funds pages)
    project = ProjectFactory(name="甲陶瓷窑炉技改", enterprise=enterprise)
    other_project = ProjectFactory(name="乙机械产线技改", enterprise=other_enterprise)
    pool = programme.pools.get(code="backbone")
    quota = pool.quotas.get(year=2018)
    indicator = programme.indicators.order_by("order").first()
    ids = {
        "programme_code": programme.code,
        "enterprise": enterprise.pk,
        "other_enterprise": other_enterprise.pk,
        "project": project.pk,
        "other_project": other_project.pk,
        "pool": pool.pk,
        "quota": quota.pk,
        # one record of each editable kind
        "programme": programme.pk,
        "path": pool.path_id,
        "criterion": pool.criteria.first().pk,
        "indicator": indicator.pk,
        "target": indicator.targets.first().pk,
        "town": enterprise.town_id,
        "department": Department.objects.first().pk,
        "leading_industry": programme.leading_industries.first().pk,
        "park": Park.objects.first().pk,
    }
    return World(
        users=users,
        enterprise=enterprise,
        other_enterprise=other_enterprise,
        project=project,
        other_project=other_project,
        quota=quota,
        pool=pool,
        ids=ids,
    )


def _cases(matrix):
    return [
        pytest.param(url, role, expected, id=f"{url} {role}")
        for url, by_role in matrix.items()
        for role, expected in by_role.items()
    ]


def test_matrix_covers_every_role_and_every_policy_kind():
    # given the tables  then  every line names all six roles, and no policy kind is left out
    assert all(set(by_role) == set(ROLES) for by_role in {**GET_MATRIX, **POST_MATRIX}.values())
    edit_kinds = {
        url.split("/")[3] for url in GET_MATRIX if url.startswith("/programme/edit/") and "{" in url
    }
    assert edit_kinds >= set(EDITABLE)
    new_kinds = {
        url.split("/")[3] for url in GET_MATRIX if url.startswith("/programme/edit/") and "/new/" in url
    }
    assert new_kinds >= CREATABLE


@pytest.mark.parametrize("url", list(GET_MATRIX))
def test_get(world, client_for, url):
    # given one user of each role
    statuses, to_login = {}, []
    for role in ROLES:
        # when each opens the page
        response = client_for(world.users[role]).get(world.url(url))
        statuses[role] = response.status_code
        if role == "anonymous" and response.status_code == 302:
            to_login.append(response["Location"].startswith(LOGIN_URL))
    # then the statuses are the matrix's line, and an anonymous visitor is sent to sign in
    assert statuses == GET_MATRIX[url]
    assert all(to_login)


ROLE_HOME = {
    "town": "/home/town/",
    "department": "/home/department/",
    "office": "/home/office/",
    "enterprise": "/home/enterprise/",
    "admin": "/home/admin/",
    "security_admin": "/home/security/",
    "audit_admin": "/home/audit/",
}


@pytest.mark.parametrize("role", list(ROLE_HOME))
def test_root_sends_each_role_to_its_own_home(world, client_for, role):
    response = client_for(world.users[role]).get("/")
    assert response.status_code == 302
    assert response["Location"] == ROLE_HOME[role]


def test_enterprise_pages_show_only_its_own_enterprise(world, client_for):
    # given the enterprise user  when  they open their home and "my enterprise"
    client = client_for(world.users["enterprise"])
    home = client.get("/home/enterprise/")
    mine = client.get("/enterprises/mine/")
    # then both are theirs, and the other enterprise is nowhere on them
    assert (home.status_code, mine.status_code) == (200, 200)
    assert world.enterprise.name in mine.content.decode()
    assert world.other_enterprise.name not in home.content.decode() + mine.content.decode()


def test_town_lists_never_show_the_other_town(world, client_for):
    # given a town official  when  they list enterprises and projects
    client = client_for(world.users["town"])
    enterprises = client.get("/enterprises/").content.decode()
    projects = client.get("/enterprises/projects/").content.decode()
    # then only their own town's rows are there
    assert world.enterprise.name in enterprises
    assert world.other_enterprise.name not in enterprises
    assert world.project.name in projects
    assert world.other_project.name not in projects


def test_other_town_official_is_symmetrically_shut_out(world, client_for, other_town_user):
    # given the other town's official  when  they try the first town's enterprise and project
    client = client_for(other_town_user)
    urls = [
        f"/enterprises/{world.enterprise.pk}/",
        f"/enterprises/{world.enterprise.pk}/edit/",
        f"/enterprises/projects/{world.project.pk}/",
        f"/enterprises/projects/{world.project.pk}/edit/",
    ]
    # then every one is "not found"; their own enterprise is fine
    assert [client.get(u).status_code for u in urls] == [404, 404, 404, 404]
    assert client.get(f"/enterprises/{world.other_enterprise.pk}/edit/").status_code == 200


def test_other_enterprise_user_cannot_see_the_first_enterprise(world, client_for, other_enterprise_user):
    client = client_for(other_enterprise_user)
    assert client.get(f"/enterprises/{world.enterprise.pk}/").status_code == 404
    assert client.get(f"/enterprises/projects/{world.project.pk}/").status_code == 404
    mine = client.get("/enterprises/mine/")
    assert mine.status_code == 200
    assert world.other_enterprise.name in mine.content.decode()


def test_api_me_names_the_role_and_unit(world, client_for):
    response = client_for(world.users["town"]).get("/api/v1/me/")
    assert response.json() == {"username": "town_a", "role": "town", "unit": "罗庄街道"}


# --- POST ------------------------------------------------------------------------------------------


def _payload(w: World, url: str) -> dict:
    """Valid form data for each write, so that only permission decides the outcome."""
    if url == "/enterprises/new/":
        return enterprise_form(w.enterprise, uscc=make_uscc("371311", 900001), name="临沂新登记陶瓷有限公司")
    if url == "/enterprises/{enterprise}/edit/":
        return enterprise_form(w.enterprise, name="临沂甲陶瓷有限公司（更名）")
    if url == "/enterprises/{other_enterprise}/edit/":
        return enterprise_form(w.other_enterprise, name="临沂乙机械有限公司（更名）")
    if url == "/enterprises/import/":
        return {
            "file": registry_xlsx(
                [
                    [
                        make_uscc("371311", 900002),
                        "临沂导入新材料有限公司",
                        w.enterprise.town.name,
                        "30",
                        "",
                        "是",
                        "正常经营",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]
                ]
            )
        }
    if url == "/enterprises/projects/new/":
        return project_form(w.project, name="甲陶瓷二期")
    if url == "/enterprises/projects/{project}/edit/":
        return project_form(w.project, total_investment="15000.00")
    if url == "/enterprises/projects/{other_project}/edit/":
        return project_form(w.other_project, total_investment="15000.00")
    if url == "/programme/edit/quota/{quota}/":
        return {"quota_min": "99", "quota_max": ""}
    if url == "/programme/edit/town/new/":
        return {
            "code": "xinzhuang",
            "name": "新庄街道",
            "kind": "street",
            "division_code": "",
            "order": "9",
            "is_active": "on",
        }
    if url == "/programme/edit/criterion/new/?pool={pool}":
        return {
            "code": "new_condition",
            "kind": "qualitative",
            "description": "新增认定条件",
            "metric": "",
            "boundary_word": "",
            "operator": "",
            "threshold": "",
            "unit": "",
            "group": "",
            "order": "99",
        }
    raise AssertionError(f"no payload for {url}")


ACCESS_ACTIONS = [
    AuditAction.LOGIN,
    AuditAction.LOGOUT,
    AuditAction.DENIED,
    AuditAction.DOWNLOAD,
    AuditAction.READ,
]


def _state(w: World) -> dict:
    """Everything the writes above could change, as plain values."""
    return {
        "enterprises": Enterprise.objects.count(),
        "projects": Project.objects.count(),
        "towns": Town.objects.count(),
        "criteria": Criterion.objects.count(),
        "enterprise_name": Enterprise.objects.get(pk=w.enterprise.pk).name,
        "other_enterprise_name": Enterprise.objects.get(pk=w.other_enterprise.pk).name,
        "project_investment": Project.objects.get(pk=w.project.pk).total_investment,
        "other_project_investment": Project.objects.get(pk=w.other_project.pk).total_investment,
        "quota_min": PoolQuota.objects.get(pk=w.quota.pk).quota_min,
        # writes only: sign-ins and the access rows (refused, downloaded, read) are not changes
        "audit_writes": AuditLog.objects.exclude(action__in=ACCESS_ACTIONS).count(),
    }


def plus(n):
    return lambda old: old + n


def becomes(value):
    return lambda old: value


# What a successful write changes (keys of _state); everything else must stay as it was.
EFFECT = {
    "/enterprises/new/": {"enterprises": plus(1)},
    "/enterprises/{enterprise}/edit/": {"enterprise_name": becomes("临沂甲陶瓷有限公司（更名）")},
    "/enterprises/{other_enterprise}/edit/": {"other_enterprise_name": becomes("临沂乙机械有限公司（更名）")},
    "/enterprises/import/": {"enterprises": plus(1)},
    "/enterprises/projects/new/": {"projects": plus(1)},
    "/enterprises/projects/{project}/edit/": {"project_investment": becomes(Decimal("15000.00"))},
    "/enterprises/projects/{other_project}/edit/": {"other_project_investment": becomes(Decimal("15000.00"))},
    "/programme/edit/quota/{quota}/": {"quota_min": becomes(99)},
    "/programme/edit/town/new/": {"towns": plus(1)},
    "/programme/edit/criterion/new/?pool={pool}": {"criteria": plus(1)},
}


def test_every_write_has_a_payload_and_an_effect(world):
    assert set(EFFECT) == set(POST_MATRIX)
    assert all(_payload(world, url) for url in POST_MATRIX)


@pytest.mark.parametrize(("url", "role", "expected"), _cases(POST_MATRIX))
def test_post(world, client_for, url, role, expected):
    # given a user of the role, and the state of the registry and the policy
    client = client_for(world.users[role])
    before = _state(world)
    # when they submit valid data
    response = client.post(world.url(url), _payload(world, url))
    after = _state(world)
    # then the status is the matrix's
    assert response.status_code == expected
    if expected == 302 and role != "anonymous":
        # and an allowed write takes effect (and nothing else changes), with an audit row
        assert not response["Location"].startswith(LOGIN_URL)
        wanted = {**before, **{key: change(before[key]) for key, change in EFFECT[url].items()}}
        assert {k: v for k, v in after.items() if k != "audit_writes"} == {
            k: v for k, v in wanted.items() if k != "audit_writes"
        }
        assert after["audit_writes"] > before["audit_writes"]
    else:
        # and a denied one writes nothing at all; an anonymous visitor is sent to sign in
        if role == "anonymous":
            assert response["Location"].startswith(LOGIN_URL)
        assert after == before


# --- Django admin: the system administrator manages accounts, not the policy or the registry -------


@pytest.fixture
def accounts_admin(db):
    """The system administrator as seed_demo makes it: staff with the account rights, not a superuser."""
    from accounts.services import grant_admin_permissions
    from tests.factories import AdminUserFactory

    user = AdminUserFactory(username="accounts_admin", is_superuser=False)
    grant_admin_permissions(user)
    return user


#                                                      accounts_admin office
DJANGO_ADMIN_MATRIX = {
    "/admin/accounts/user/": (200, 302),
    "/admin/accounts/user/add/": (200, 302),
    # The trail and the lockouts are the audit and security administrators' (三员分立).
    "/admin/core/auditlog/": (403, 302),
    "/admin/axes/accessattempt/": (403, 302),
    "/admin/knox/authtoken/": (404, 302),
    "/admin/authtoken/tokenproxy/": (404, 302),
    "/admin/programs/poolquota/": (403, 302),
    "/admin/programs/poolquota/{quota}/change/": (403, 302),
    "/admin/enterprises/enterprise/": (403, 302),
    "/admin/enterprises/enterprise/{enterprise}/change/": (403, 302),
    "/home/admin/": (200, 403),
    "/audit/": (403, 403),
    "/programme/edit/quota/{quota}/": (403, 200),
    "/enterprises/{enterprise}/edit/": (403, 200),  # no business data for administrators (三员分立)
}


@pytest.mark.parametrize("url", list(DJANGO_ADMIN_MATRIX))
def test_system_administrator_is_limited_to_accounts(world, client_for, accounts_admin, url):
    # given the system administrator (as deployed) and the office
    # when each opens the page
    statuses = tuple(
        client_for(user).get(world.url(url)).status_code for user in (accounts_admin, world.users["office"])
    )
    # then the administrator reaches business accounts only; the office (not staff) never the admin site
    assert statuses == DJANGO_ADMIN_MATRIX[url]


def test_system_administrator_cannot_change_a_quota_through_the_admin(world, client_for, accounts_admin):
    client = client_for(accounts_admin)
    response = client.post(
        f"/admin/programs/poolquota/{world.quota.pk}/change/",
        {"pool": world.pool.pk, "year": 2018, "quota_min": 1},
    )
    assert response.status_code == 403
    assert PoolQuota.objects.get(pk=world.quota.pk).quota_min == world.quota.quota_min
