"""Who may open which page: one line per page, role → HTTP status, and each role's own home and rows.

Placeholders in the URLs ({enterprise}, {other_project}, {quota}…) are filled from the `world`
fixture (conftest.py): the real policy file, one user per role, an enterprise and a project in the
town user's town (the enterprise user's own) and the same in another town.
"""

import pytest

from programs.forms import CREATABLE, EDITABLE
from tests.core.permission_matrix import LOGIN_URL, ROLES, row

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


def test_matrix_covers_every_role_and_every_policy_kind():
    # given the table of pages  then  every line names every role, and no policy kind is left out
    # (the table of writes is held to every role in test_permission_matrix_writes.py)
    assert all(set(by_role) == set(ROLES) for by_role in GET_MATRIX.values())
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
