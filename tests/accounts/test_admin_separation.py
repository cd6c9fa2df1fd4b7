"""三员分立 in Django admin: the system administrator manages business accounts and can grant nobody
(itself included) superuser, staff or administrator status; a password set, a deactivation and an
unlock there leave audit rows."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import Role, User
from core.audit_messages import encode
from core.models import AuditAction, AuditLog
from tests.accounts.support import admin_change_form

NEW_PASSWORD = "Hongqi#2027x"


def test_system_administrator_cannot_make_a_user_superuser_or_staff(client_for, admin_user, town_user):
    # given the system administrator and a town official's account
    client = client_for(admin_user)
    # when it posts the official's form with the superuser and staff flags set
    response = client.post(
        f"/admin/accounts/user/{town_user.pk}/change/",
        admin_change_form(town_user, is_superuser="on", is_staff="on", last_name="李"),
    )
    # then the form is saved without them: the flags are not the system administrator's to give
    assert response.status_code == 302
    town_user.refresh_from_db()
    assert (town_user.last_name, town_user.is_superuser, town_user.is_staff) == ("李", False, False)


def test_system_administrator_cannot_promote_a_user_to_administrator(client_for, admin_user, town_user):
    client = client_for(admin_user)
    for role in (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        # when it gives a business account an administrator's role
        response = client.post(
            f"/admin/accounts/user/{town_user.pk}/change/", admin_change_form(town_user, role=role, town="")
        )
        # then the form refuses the choice and the account keeps its role
        assert response.status_code == 200
        assert "role" in response.context["adminform"].form.errors
        town_user.refresh_from_db()
        assert town_user.role == Role.TOWN


def test_system_administrator_offers_business_roles_only(client_for, admin_user):
    response = client_for(admin_user).get("/admin/accounts/user/add/")
    offered = {value for value, _label in response.context["adminform"].form.fields["role"].choices if value}
    assert offered == {Role.TOWN, Role.DEPARTMENT, Role.OFFICE, Role.ENTERPRISE, Role.BANK}


def test_system_administrator_cannot_create_an_administrator(client_for, admin_user):
    response = client_for(admin_user).post(
        "/admin/accounts/user/add/",
        {
            "username": "newsec",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "role": "security_admin",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="newsec").exists()


@pytest.mark.parametrize("role", ["admin", "security_admin", "audit_admin"])
def test_system_administrator_sees_no_administrator_account_not_even_its_own(
    client_for, admin_user, users, role
):
    # given the system administrator  when  it opens an administrator's account (its own included)
    client = client_for(admin_user)
    target = users[role]
    response = client.get(f"/admin/accounts/user/{target.pk}/change/")
    posted = client.post(
        f"/admin/accounts/user/{target.pk}/change/", admin_change_form(target, role="office")
    )
    listed = client.get("/admin/accounts/user/").context["cl"].result_list
    # then there is no such account for it: it cannot open, change or list it
    assert response.status_code == 302 and posted.status_code == 302
    target.refresh_from_db()
    assert target.role == role
    assert target not in listed


def test_a_superuser_creates_administrators_and_their_rights_follow_the_role(client_for, superuser):
    client = client_for(superuser)
    for username, role in (("sys2", "admin"), ("sec2", "security_admin"), ("aud2", "audit_admin")):
        response = client.post(
            "/admin/accounts/user/add/",
            {"username": username, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "role": role},
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
    sys2, sec2, aud2 = (User.objects.get(username=u) for u in ("sys2", "sec2", "aud2"))
    # the system administrator enters the admin site with the account rights; the others do not
    assert sys2.is_staff and sys2.has_perm("accounts.change_user") and not sys2.has_perm("core.view_auditlog")
    assert not sec2.is_staff and not sec2.user_permissions.exists()
    assert not aud2.is_staff and not aud2.user_permissions.exists()


def test_nobody_changes_their_own_role_or_flags(client_for, superuser):
    # given a superuser  when  it posts its own form with a role and without the superuser flag
    client = client_for(superuser)
    response = client.post(
        f"/admin/accounts/user/{superuser.pk}/change/",
        admin_change_form(superuser, role="office", is_active=""),
    )
    # then those fields are read-only on its own account
    assert response.status_code == 302
    superuser.refresh_from_db()
    assert (superuser.role, superuser.is_superuser, superuser.is_active) == ("", True, True)


def test_password_set_in_admin_leaves_an_audit_row_and_ends_the_tokens(client_for, admin_user, town_user):
    # given an official holding an API token
    AuthToken.objects.create(user=town_user)
    client = client_for(admin_user)
    # when the system administrator sets a new password for them
    response = client.post(
        f"/admin/accounts/user/{town_user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    # then the password is set, one audit row names who did it, and the old token is gone
    assert response.status_code == 302
    town_user.refresh_from_db()
    assert town_user.check_password(NEW_PASSWORD)
    row = AuditLog.objects.get(message=encode("account.password_set"))
    assert (row.actor, row.object_id, row.action) == (
        admin_user,
        str(town_user.pk),
        AuditAction.PASSWORD_RESET,
    )
    assert "password" not in (row.after or {})
    assert not AuthToken.objects.filter(user=town_user).exists()


def test_deactivation_in_admin_ends_the_tokens(client_for, admin_user, town_user):
    AuthToken.objects.create(user=town_user)
    response = client_for(admin_user).post(
        f"/admin/accounts/user/{town_user.pk}/change/", admin_change_form(town_user, is_active="")
    )
    assert response.status_code == 302
    assert not AuthToken.objects.filter(user=town_user).exists()
    assert AuditLog.objects.filter(
        message=encode("token.revoked_all", {"reason": "account deactivated"}), object_id=str(town_user.pk)
    )


def _lock(username: str) -> AccessAttempt:
    return AccessAttempt.objects.create(
        username=username,
        ip_address="10.0.0.9",
        user_agent="pytest",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/accounts/login/",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=timezone.now(),
    )


def test_unlock_in_admin_leaves_an_audit_row(client_for, superuser, town_user):
    # given a locked account
    attempt = _lock("town_a")
    # when a superuser deletes the lockout in the admin
    response = client_for(superuser).post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    # then the account is unlocked, with an audit row saying who did it
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    row = AuditLog.objects.get(action=AuditAction.UNLOCK)  # one row, not a second from the signal
    assert (row.actor, row.object_id, row.before["username"]) == (superuser, str(town_user.pk), "town_a")


def test_the_system_administrator_cannot_unlock_or_read_the_trail_in_admin(client_for, admin_user):
    attempt = _lock("town_a")
    client = client_for(admin_user)
    assert client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/core/auditlog/").status_code == 403
    assert AccessAttempt.objects.exists()


def test_clear_text_token_admin_is_gone(client_for, superuser):
    # given a superuser (who once read every token in clear text there)
    client = client_for(superuser)
    # then the token list no longer exists, and the app that kept tokens in clear is not installed
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404
    assert client.get("/admin/knox/authtoken/").status_code == 404
    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS


def test_superuser_sees_no_business_data(client_for, superuser, enterprise):
    from enterprises.models import Enterprise

    assert not Enterprise.objects.visible_to(superuser).exists()
    assert client_for(superuser).get(f"/enterprises/{enterprise.pk}/").status_code == 403


def test_business_account_created_by_the_system_administrator_gets_no_admin_rights(
    client_for, admin_user, town
):
    response = client_for(admin_user).post(
        "/admin/accounts/user/add/",
        {
            "username": "town_new",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "role": "town",
            "town": town.pk,
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="town_new")
    assert (created.role, created.is_staff, created.is_superuser) == (Role.TOWN, False, False)
    assert AuditLog.objects.filter(action=AuditAction.CREATE, object_id=str(created.pk), actor=admin_user)


ADMINISTRATORS = ["admin", "security_admin", "audit_admin"]
BUSINESS_PAGES = [
    "/enterprises/",
    "/enterprises/projects/",
    "/pools/",
    "/pools/nominations/",
    "/pools/review/",
    "/reporting/",
    "/reporting/late/",
    "/credit/",
    "/credit/ratings/",
]
BUSINESS_API = ["/api/v1/enterprises/", "/api/v1/nominations/", "/api/v1/reports/", "/api/v1/pools/"]


@pytest.mark.parametrize("role", ADMINISTRATORS)
def test_administrators_are_refused_every_business_page_and_endpoint(client_for, users, role):
    # given an administrator of each kind, signed in
    client = client_for(users[role])
    # when it opens business pages and API endpoints
    pages = {url: client.get(url).status_code for url in BUSINESS_PAGES}
    api = {url: client.get(url) for url in BUSINESS_API}
    # then each is 403, with the reason on the API
    assert set(pages.values()) == {403}, pages
    assert {r.status_code for r in api.values()} == {403}
    assert all("三员分立" in r.json()["detail"] for r in api.values())
    # while its own account answers
    assert client.get("/api/v1/me/").json()["role"] == role


@pytest.mark.parametrize("role", ADMINISTRATORS)
def test_administrators_read_no_business_rows(users, enterprise, role):
    from enterprises.models import Enterprise, Project
    from pools.models import Nomination
    from reporting.models import Report

    user = users[role]
    assert not Enterprise.objects.visible_to(user).exists()
    assert not Project.objects.visible_to(user).exists()
    assert Nomination.objects.visible_to(user).query.is_empty()
    assert Report.objects.visible_to(user).query.is_empty()


@pytest.mark.parametrize(
    ("role", "menu"),
    [
        ("admin", {"工作台", "基础数据", "账号管理", "帮助"}),
        ("security_admin", {"工作台", "账号锁定", "API 令牌", "两步验证", "安全策略", "帮助"}),
        ("audit_admin", {"工作台", "审计日志", "帮助"}),
    ],
)
def test_each_administrator_sees_only_its_own_tools(client_for, users, role, menu):
    response = client_for(users[role]).get("/", follow=True)
    assert response.status_code == 200
    assert {str(item["label"]) for item in response.context["nav_items"]} == menu


def test_the_office_no_longer_reads_the_trail_and_its_home_shows_decisions(client_for, office_user):
    response = client_for(office_user).get("/home/office/")
    assert response.status_code == 200
    assert "recent_audit" not in response.context
    assert "recent_decisions" in response.context
    assert client_for(office_user).get("/audit/").status_code == 403
