"""Headers every page carries: a Content-Security-Policy that allows no inline script (and pages that
need none), no-store on whatever is private, a Permissions-Policy; the API schema for signed-in users."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


def test_the_policy_allows_scripts_from_our_own_files_only(client):
    directives = _directives(client.get(reverse("accounts:login")))
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("role", ["town", "department", "office", "enterprise", "admin"])
def test_each_roles_main_page_has_no_inline_script(client_for, programme, users, role):
    # given a signed-in account of the role  when  it opens its home page
    client = client_for(users[role])
    response = client.get("/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    # then every script is a file of ours, and no element carries an event handler
    assert "<script" in page
    assert INLINE_SCRIPT.findall(page) == []
    assert EVENT_HANDLER.findall(page) == []
    assert "Content-Security-Policy" in response


def test_the_chart_pages_have_no_inline_script(
    client_for, programme, office_user, enterprise_user, enterprise
):
    pages = [
        (office_user, reverse("home_office")),
        (office_user, reverse("credit:overview")),
        (enterprise_user, reverse("reporting:figures", args=[enterprise.pk])),
        (office_user, "/programme/"),
    ]
    for user, url in pages:
        response = client_for(user).get(url, follow=True)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert INLINE_SCRIPT.findall(page) == [], url
        assert EVENT_HANDLER.findall(page) == [], url


def test_private_pages_and_exports_are_not_stored(client_for, office_user, enterprise):
    client = client_for(office_user)
    for url in ("/", reverse("enterprises:list"), reverse("enterprises:export"), "/api/v1/me/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    export = client.get(reverse("enterprises:export"))
    assert "attachment" in export["Content-Disposition"]


def test_every_response_carries_the_permissions_policy(client, client_for, office_user):
    for response in (client.get(reverse("accounts:login")), client_for(office_user).get("/", follow=True)):
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()"):
            assert feature in policy


def test_the_schema_and_the_docs_need_sign_in(client, client_for, office_user):
    for url in ("/api/v1/schema/", "/api/v1/docs/"):
        assert client.get(url).status_code in (401, 403), url
    signed_in = client_for(office_user)
    assert signed_in.get("/api/v1/schema/").status_code == 200
    docs = signed_in.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert INLINE_SCRIPT.findall(docs.content.decode()) == []
