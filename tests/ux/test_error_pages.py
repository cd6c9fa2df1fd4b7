"""The portal's own error pages: its layout, Chinese (English when chosen), what happened and where to go.

Test settings run with DEBUG off, as `make demo` and production do."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from core import errors

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def test_settings_run_without_debug_and_name_the_handlers():
    from config import urls

    assert settings.DEBUG is False
    assert urls.handler404 == "core.errors.page_not_found"
    assert urls.handler403 == "core.errors.permission_denied"
    assert urls.handler400 == "core.errors.bad_request"
    assert urls.handler500 == "core.errors.server_error"
    assert settings.CSRF_FAILURE_VIEW == "core.errors.csrf_failure"


def test_a_missing_page_says_so_in_the_portal_layout(client_for, office_user):
    # when the office opens an address that does not exist
    response = client_for(office_user).get("/pools/nominations/999999999/")
    # then it is the portal's 404: the menu, a heading in Chinese, the way home; no list of patterns
    page = _page(response)
    assert response.status_code == 404
    assert "页面不存在" in page
    assert 'data-testid="error-home"' in page and "回到工作台" in page
    assert "sidebar" in page
    assert "URLconf" not in page and "Page not found" not in page


def test_a_missing_page_in_english_when_english_is_chosen(client_for, office_user):
    client = client_for(office_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/no-such-page/")
    page = _page(response)
    assert response.status_code == 404
    assert "Page not found" in page
    assert "Back to the workbench" in page
    assert "页面不存在" not in page


def test_a_refused_page_gives_the_permission_s_reason(client_for, town_user):
    # when a town opens the office's window page
    response = client_for(town_user).get(reverse("pools:windows"))
    page = _page(response)
    # then it is the portal's 403 with the reason the permission gave
    assert response.status_code == 403
    assert "无权访问" in page
    assert 'data-testid="error-reason"' in page
    assert "403 Forbidden" not in page


def test_an_administrator_refused_business_data_is_told_why(client_for, admin_user):
    response = client_for(admin_user).get(reverse("pools:nomination_list"))
    assert response.status_code == 403
    assert "三员分立" in _page(response)


def test_an_anonymous_visitor_is_offered_the_sign_in_page(client):
    response = client.get("/no-such-page/")
    page = _page(response)
    assert response.status_code == 404
    assert "回到首页" in page and reverse("accounts:login") in page


def test_an_unknown_host_is_a_bad_request_page(client):
    response = client.get("/", HTTP_HOST="portal.example.invalid")
    assert response.status_code == 400
    assert "请求有误" in _page(response)


def test_a_server_error_page_in_the_layout(office_user):
    request = RequestFactory().get("/")
    request.user = office_user
    response = errors.server_error(request)
    page = _page(response)
    assert response.status_code == 500
    assert "系统出错" in page and "回到工作台" in page


def test_a_server_error_page_when_the_layout_cannot_be_drawn():
    """The database (the menu's source) may be what broke: the last-resort page still answers."""
    request = RequestFactory().get("/")  # no user, no session: the layout's context fails
    response = errors.server_error(request)
    assert response.status_code == 500
    assert "系统出错" in _page(response)


def test_a_refused_csrf_check_is_the_portal_s_page(town_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(town_user)
    response = client.post(reverse("accounts:logout"))
    page = _page(response)
    assert response.status_code == 403
    assert "页面已过期" in page and "刷新" in page
    assert "CSRF verification failed" not in page


def test_a_locked_out_sign_in_is_a_429_page_in_the_layout(client, town_user):
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": town_user.username, "password": "wrong-password"})
    response = client.post(url, {"username": town_user.username, "password": "wrong-password"})
    page = _page(response)
    assert response.status_code == 429
    assert "账号已锁定" in page and "分钟后再试" in page
    assert 'data-testid="error-home"' in page


def test_the_api_answers_json_for_a_missing_address(client_for, office_user):
    response = client_for(office_user).get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "要找的页面或记录不存在，可能已被删除，或链接有误。"}


def test_a_too_many_requests_page_gives_its_reason(office_user):
    request = RequestFactory().get("/")
    request.user = office_user
    response = errors.too_many_requests(request, "请 15 分钟后再试。")
    assert response.status_code == 429
    assert "操作过于频繁" in _page(response) and "请 15 分钟后再试。" in _page(response)
