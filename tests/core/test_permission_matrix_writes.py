"""Who may write: one line per form (create / edit / import), role → HTTP status; an allowed write
changes what it should and nothing else, with an audit row, and a refused one changes nothing.

Placeholders in the URLs are filled from the `world` fixture (conftest.py).
"""

from decimal import Decimal

import pytest

from core.models import AuditAction, AuditLog
from enterprises.models import Enterprise, Project
from enterprises.uscc import make_uscc
from programs.models import Criterion, PoolQuota, Town
from tests.core.form_data import enterprise_form, project_form, registry_xlsx
from tests.core.permission_matrix import LOGIN_URL, ROLES, World, row

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


def _cases(matrix):
    return [
        pytest.param(url, role, expected, id=f"{url} {role}")
        for url, by_role in matrix.items()
        for role, expected in by_role.items()
    ]


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
    # every line names every role (as test_matrix_covers_every_role_and_every_policy_kind holds the pages)
    assert all(set(by_role) == set(ROLES) for by_role in POST_MATRIX.values())
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
