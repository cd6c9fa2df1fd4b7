"""Enterprise accounts: the town official invites; the invited person sets a password through a one-time link."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from core.exceptions import Conflict
from reporting import services
from reporting.models import EnterpriseInvitation

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "Huasheng@2026!"


def invite(actor, enterprise, username="ent_new"):
    return services.enterprise_user_invite(
        actor=actor, enterprise=enterprise, username=username, full_name="王小明", phone="13800000000"
    )


def test_town_invites_an_inactive_account_of_its_enterprise(town_user, enterprise):
    user, token = invite(town_user, enterprise)
    assert (user.role, user.enterprise, user.is_active, user.has_usable_password()) == (
        Role.ENTERPRISE,
        enterprise,
        False,
        False,
    )
    assert (user.last_name, user.first_name) == ("王", "小明")
    invitation = EnterpriseInvitation.objects.get(user=user)
    assert invitation.token_hash != token and len(token) >= 40  # only the hash is stored


def test_an_enterprise_may_have_several_accounts(town_user, enterprise):
    invite(town_user, enterprise, "ent_one")
    invite(town_user, enterprise, "ent_two")
    assert User.objects.filter(enterprise=enterprise).count() == 2


def test_other_towns_enterprise_and_other_roles_are_refused(
    town_user, office_user, other_enterprise, enterprise
):
    with pytest.raises(PermissionDenied, match="本街镇的企业"):
        invite(town_user, other_enterprise)
    with pytest.raises(PermissionDenied, match="只有街镇"):
        invite(office_user, enterprise)


def test_username_must_be_new(town_user, enterprise, enterprise_user):
    with pytest.raises(ValidationError):
        invite(town_user, enterprise, username=enterprise_user.username)


def test_accepting_sets_the_password_activates_and_the_link_is_single_use(town_user, enterprise):
    user, token = invite(town_user, enterprise)
    client = Client()
    assert client.get(f"/reporting/invitation/{token}/").status_code == 200
    weak = client.post(
        f"/reporting/invitation/{token}/", {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert weak.status_code == 200 and not User.objects.get(pk=user.pk).is_active
    response = client.post(
        f"/reporting/invitation/{token}/", {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert user.is_active and user.check_password(GOOD_PASSWORD)
    assert client.get(f"/reporting/invitation/{token}/").status_code == 404
    with pytest.raises(Conflict):
        services.invitation_accept(token=token, password=GOOD_PASSWORD)


def test_expired_link_and_reissue(town_user, enterprise):
    user, token = invite(town_user, enterprise)
    EnterpriseInvitation.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert Client().get(f"/reporting/invitation/{token}/").status_code == 404
    new_token = services.enterprise_user_reinvite(actor=town_user, user=user)
    assert Client().get(f"/reporting/invitation/{new_token}/").status_code == 200
    services.invitation_accept(token=new_token, password=GOOD_PASSWORD)
    with pytest.raises(Conflict, match="已启用"):
        services.enterprise_user_reinvite(actor=town_user, user=user)


def test_invitation_page_shows_the_link_once(town_user, enterprise, client_for):
    page = client_for(town_user).post(
        "/reporting/accounts/",
        {"enterprise": enterprise.pk, "username": "ent_x", "full_name": "李雷", "phone": "13900000000"},
    )
    assert "/reporting/invitation/" in page.content.decode()
    again = client_for(town_user).get("/reporting/accounts/").content.decode()
    assert "/reporting/invitation/" not in again and "ent_x" in again
