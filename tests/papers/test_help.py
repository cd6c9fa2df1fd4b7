"""帮助: each role has its own help page in Chinese, reached from the menu; fields that need it say how
to fill them."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        ("town", "街镇的工作"),
        ("department", "部门的工作"),
        ("office", "领导小组办公室的工作"),
        ("enterprise", "企业的工作"),
        ("admin", "管理员的工作"),
        ("security_admin", "管理员的工作"),
        ("audit_admin", "管理员的工作"),
    ],
)
def test_each_role_has_its_help_in_the_menu(users, client_for, role, heading):
    page = client_for(users[role]).get("/help/")
    assert page.status_code == 200
    text = page.content.decode()
    assert heading in text
    assert 'href="/help/"' in text  # the menu offers it


def test_a_town_help_page_names_the_work_queues(users, client_for):
    text = client_for(users["town"]).get("/help/").content.decode()
    assert "批量提交草稿" in text and "催报" in text and "示例" in text


def test_the_fields_that_need_it_carry_help_text(programme, users, client_for):
    page = client_for(users["town"]).get("/pools/nominations/new/").content.decode()
    assert "可输入企业名称检索" in page
    page = client_for(users["town"]).get("/enterprises/new/").content.decode()
    assert "GB/T 4754-2017" in page and "2000万元" in page


def test_the_help_needs_a_sign_in(client):
    assert client.get("/help/").status_code == 302


def test_a_role_without_its_own_page_gets_the_general_help(users, client_for):
    from portal.help import TOPICS

    user = users["town"]
    user.role = "no_such_role"  # as a role added later (the bank) would be, until its page is written
    from django.test import RequestFactory

    from portal.help import help_page

    request = RequestFactory().get("/help/")
    request.user = user
    assert user.role not in TOPICS
    assert "使用说明" in help_page(request).content.decode()
