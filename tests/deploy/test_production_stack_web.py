"""The production stack's web side, over HTTP as a browser behind the TLS proxy: a town user signs in
(HSTS, Secure and HttpOnly cookies), the web container releases again on start without harm, plain HTTP
is redirected to HTTPS, and static files are served hashed and compressed. The stack is conftest.py's."""

import re

import pytest

from tests.deploy.stack import TOWN_PASSWORD, TOWN_USER, Browser

pytestmark = pytest.mark.stack


def test_a_town_user_signs_in_through_the_tls_proxy(stack):
    browser = Browser(stack["port"])

    page = browser.get("/accounts/login/")
    assert page.status == 200
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    signed_in = browser.post(
        "/accounts/login/", {"username": TOWN_USER, "password": TOWN_PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert signed_in.status == 302, signed_in.text[:2000]
    session_cookie = browser.set_cookie("sessionid")
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie
    assert "Secure" in browser.set_cookie("csrftoken")

    home = browser.get("/")
    assert home.status == 302 and home.headers["Location"] == "/home/town/"
    workbench = browser.get("/home/town/")
    assert workbench.status == 200
    assert "罗庄街道" in workbench.text


def test_the_web_container_releases_again_on_start_without_harm(stack):
    """`bin/portal web` ran after `bin/portal release`, as on every restart of the web container."""
    log = stack["services"]["web"].output(tail=10**7)

    assert "No migrations to apply." in log
    assert "a programme is loaded already; load_programme skipped" in log


def test_plain_http_is_redirected_to_https(stack):
    browser = Browser(stack["port"], proxied=False)

    page = browser.get("/accounts/login/")

    assert page.status == 301
    assert page.headers["Location"] == f"https://127.0.0.1:{stack['port']}/accounts/login/"


def test_static_files_are_served_hashed_and_compressed(stack):
    browser = Browser(stack["port"])
    page = browser.get("/accounts/login/")
    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page.text)
    assert css, page.text[:2000]

    asset = browser.get(css.group(1), headers={"Accept-Encoding": "gzip"})

    assert asset.status == 200
    assert asset.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in asset.headers["Cache-Control"]  # hashed names are cached for good
