"""The one-time invitation token travels only in the link (URL) and the form posted to it: never in a
cookie (flash messages are kept in one) nor in the session."""

import re

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.models import Session

from reporting import services

pytestmark = pytest.mark.django_db
LINK = re.compile(r"/reporting/invitation/([\w-]+)/")


def _kept_by_browser_or_server(client, response) -> str:
    """Everything the response asked the browser to keep, decoded, plus every session's data."""
    kept = []
    for morsel in response.cookies.values():
        kept.append(morsel.value)
        if morsel.key == "messages" and morsel.value:
            storage = CookieStorage(response.wsgi_request)
            kept.extend(str(m) for m in storage._decode(morsel.value) or [])
    kept.extend(str(s.get_decoded()) for s in Session.objects.all())
    return "\n".join(kept)


def test_a_new_invitation_link_is_shown_but_never_stored(town_user, enterprise, client_for):
    client = client_for(town_user)

    response = client.post(
        "/reporting/accounts/",
        {"enterprise": enterprise.pk, "username": "ent_x", "full_name": "李雷", "phone": "13900000000"},
    )

    token = LINK.search(response.content.decode()).group(1)
    assert token not in _kept_by_browser_or_server(client, response)


def test_a_reissued_invitation_link_is_shown_but_never_stored(town_user, enterprise, client_for):
    # given an account whose first link was lost
    user, _token = services.enterprise_user_invite(
        actor=town_user, enterprise=enterprise, username="ent_y", full_name="韩梅梅", phone="13900000001"
    )
    client = client_for(town_user)
    # when the town official issues a new link
    response = client.post(f"/reporting/accounts/{user.pk}/reinvite/")
    # then no cookie or session holds it, and the page shows it once
    assert "/reporting/invitation/" not in _kept_by_browser_or_server(client, response)
    assert response.status_code == 200
    assert "生成新的邀请链接，旧链接作废" in response.content.decode()
    token = LINK.search(response.content.decode()).group(1)
    assert services.invitation_for(token) is not None


def test_opening_and_using_the_link_keeps_nothing_of_it(town_user, enterprise, client):
    _user, token = services.enterprise_user_invite(
        actor=town_user, enterprise=enterprise, username="ent_z", full_name="王小明", phone="13900000002"
    )

    opened = client.get(f"/reporting/invitation/{token}/")
    used = client.post(
        f"/reporting/invitation/{token}/",
        {"new_password1": "Huasheng@2026!", "new_password2": "Huasheng@2026!"},
    )

    assert opened.status_code == 200 and used.status_code == 302
    assert token not in _kept_by_browser_or_server(client, opened)
    assert token not in _kept_by_browser_or_server(client, used)
