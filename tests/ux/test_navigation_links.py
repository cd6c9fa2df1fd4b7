"""The menu offers only what the role can open: every sidebar link of every role answers 200."""

import pytest
from django.urls import reverse

from portal.context_processors import NAV_ITEMS

pytestmark = pytest.mark.django_db

ROLES = ["town", "department", "office", "enterprise", "bank", "admin", "security_admin", "audit_admin"]


def _sidebar(client) -> list[tuple[str, str]]:
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    return [(str(item["label"]), item["url"]) for item in response.context["nav_items"]]


@pytest.mark.parametrize("role", ROLES)
def test_every_sidebar_link_of_the_role_opens(client_for, users, programme, role):
    # given a user of the role, signed in, with the programme loaded (the shared users have no bank)
    from tests.factories import BankUserFactory

    client = client_for(users[role] if role in users else BankUserFactory())
    links = _sidebar(client)
    # then the menu offers at least the home page
    assert links
    # when they follow every link of their menu
    answers = {label: client.get(url, follow=True).status_code for label, url in links}
    # then every page opens
    assert {label: status for label, status in answers.items() if status != 200} == {}


def test_every_department_opens_every_link_of_its_menu(client_for, programme):
    """Departments differ in what they may do (区金融办 loads no statistics): each one's menu opens."""
    from programs.models import Department
    from tests.factories import DepartmentUserFactory

    refused = {}
    for department in Department.objects.all():
        user = DepartmentUserFactory(username=f"dept_{department.code}", department=department)
        client = client_for(user)
        offered = _sidebar(client)
        for label, url in offered:
            status = client.get(url, follow=True).status_code
            if status != 200:
                refused[(department.name, label)] = status
        # and no page it can open is hidden from it
        for label, _url_name, _icon, roles in NAV_ITEMS:
            if roles is not None and user.role not in roles:
                continue
            url = reverse(_url_name)
            if (str(label), url) not in offered and client.get(url, follow=True).status_code == 200:
                refused[(department.name, str(label))] = "hidden"
    # then no department is offered a page it cannot open, nor denied one it can
    assert refused == {}


def test_district_finance_office_is_not_offered_the_statistics_import(client_for, programme):
    from programs.models import Department
    from tests.factories import DepartmentUserFactory

    user = DepartmentUserFactory(username="finance", department=Department.objects.get(name="区金融办"))
    labels = [label for label, _url in _sidebar(client_for(user))]
    assert "统计数据导入" not in labels
    assert "审核队列" in labels


def test_every_menu_entry_names_a_page(client_for, office_user):
    """Each entry of NAV_ITEMS resolves (a renamed url fails here rather than on every page)."""
    assert all(reverse(url_name) for _label, url_name, _icon, _roles in NAV_ITEMS)


def test_a_grant_the_office_gives_shows_on_the_departments_next_page(client_for, programme):
    """The menu is derived from the grants on every request, not remembered from the sign-in."""
    from programs.models import Department
    from tests.factories import DepartmentUserFactory, FigureGrantFactory

    # given a department with no statistics column, signed in once
    department = Department.objects.get(name="区金融办")
    client = client_for(DepartmentUserFactory(username="finance", department=department))
    assert "统计数据导入" not in [label for label, _url in _sidebar(client)]
    # when the office grants it a column (no new sign-in)
    grant = FigureGrantFactory(department_code=department.code)
    # then its next page offers the import
    assert "统计数据导入" in [label for label, _url in _sidebar(client)]
    # and when the grant is withdrawn, the next page no longer does
    grant.delete()
    assert "统计数据导入" not in [label for label, _url in _sidebar(client)]


def test_the_department_menu_costs_one_query_per_request(rf, programme, django_assert_num_queries):
    """Derived per request in one query (the department, its grants, the unread notifications); a
    second render on the same request asks nothing."""
    from core.models import Notification
    from portal.context_processors import navigation
    from programs.models import Department
    from tests.factories import DepartmentUserFactory, FigureGrantFactory

    department = Department.objects.get(name="区统计局")
    FigureGrantFactory(department_code=department.code)
    user = DepartmentUserFactory(department=department)
    Notification.objects.create(recipient=user, message="请审核。")
    user = type(user).objects.get(pk=user.pk)  # as the middleware loads it: no unit cached
    request = rf.get("/")
    request.user = user
    with django_assert_num_queries(1):
        first = navigation(request)
    # when the same request renders the menu again
    with django_assert_num_queries(0):
        second = navigation(request)
    assert [i["label"] for i in first["nav_items"]] == [i["label"] for i in second["nav_items"]]
    assert "统计数据导入" in [str(i["label"]) for i in first["nav_items"]]
    assert first["unread_notifications"] == second["unread_notifications"] == 1
