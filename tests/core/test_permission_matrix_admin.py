"""The Django admin: the system administrator (as deployed, not a superuser) manages accounts, not the
policy, the registry, the audit trail or the lockouts (三员分立); the office never reaches the admin site."""

import pytest

from programs.models import PoolQuota

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
