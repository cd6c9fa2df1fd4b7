"""The daily lists at a province's volume: each page is in an order an index serves (no sort of the whole
scoped table) and costs the same pinned number of queries with a few rows and with many.

- nominations: the newest year first, then the most recently changed (selectors.LIST_ORDER);
- monthly reports: the newest period first, then by enterprise, its versions newest first;
- enterprises and projects, and the credit ratings when no sort is asked: by name; the registry's export
  keeps the order by town."""

import datetime

import pytest
from django.utils import timezone

from pools.models import Nomination
from reporting.models import Report
from tests.factories import EnterpriseFactory, ReportFactory
from tests.papers.test_export_queries import FEW, MANY, YEAR, Rows

pytestmark = pytest.mark.django_db


def _pinned_at_two_sizes(client, url, add, pin, django_assert_max_num_queries):
    client.get(url)  # per-process caches warmed, as on a running server
    add(FEW)
    with django_assert_max_num_queries(pin) as few:
        first = client.get(url)
    add(MANY - FEW)
    with django_assert_max_num_queries(pin) as many:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
    return second


@pytest.mark.parametrize("role", ["office_user", "town_user"])
def test_the_nominations_list_is_newest_first_in_pinned_queries(
    request, programme, client_for, django_assert_max_num_queries, role
):
    user = request.getfixturevalue(role)
    rows = Rows(programme)

    def add(count):  # `count` nominations in every town, the user's among them
        rows.add(count * len(rows.towns))

    page = _pinned_at_two_sizes(
        client_for(user), "/pools/nominations/", add, 13, django_assert_max_num_queries
    )

    shown = [n.pk for n in page.context["page"]]
    expected = Nomination.objects.visible_to(user).order_by("-year", "-updated_at", "-id")
    assert shown == list(expected.values_list("pk", flat=True)[: len(shown)]) and shown


def test_a_nomination_changed_last_comes_first(programme, office_user, client_for):
    rows = Rows(programme)
    rows.add(3)
    oldest = Nomination.objects.order_by("updated_at", "id").first()
    Nomination.objects.filter(pk=oldest.pk).update(updated_at=timezone.now() + datetime.timedelta(minutes=5))

    page = client_for(office_user).get("/pools/nominations/").context["page"]

    assert page[0].pk == oldest.pk and page.paginator.count == Nomination.objects.count()


def test_the_reports_list_is_by_period_then_enterprise_in_pinned_queries(
    office_user, client_for, django_assert_max_num_queries
):
    made = []

    def add(count):
        for _ in range(count):
            enterprise = EnterpriseFactory()
            made.extend(
                ReportFactory(enterprise=enterprise, year=YEAR, month=month, submitted=True)
                for month in (2, 3)
            )

    page = _pinned_at_two_sizes(
        client_for(office_user), "/reporting/", add, 13, django_assert_max_num_queries
    )

    shown = [(r.year, r.month, r.enterprise_id) for r in page.context["page"]]
    assert shown == sorted(shown, key=lambda r: (-r[0], -r[1], r[2]))
    assert {month for _y, month, _e in shown} == {3}  # 30 enterprises' March first, 25 a page
    assert Report.objects.count() == len(made)


def test_the_registry_lists_go_by_name_and_the_export_by_town(office_user, client_for, town, other_town):
    for name, t in (("临沂丙公司", town), ("临沂甲公司", other_town), ("临沂乙公司", town)):
        EnterpriseFactory(name=name, town=t)
    client = client_for(office_user)

    listed = [e.name for e in client.get("/enterprises/").context["page"]]
    rated = [e.name for e in client.get("/credit/ratings/").context["page"]]
    by_rating = client.get("/credit/ratings/?sort=rating")

    assert listed == rated == sorted(listed) and len(listed) == 3
    assert by_rating.status_code == 200 and len(by_rating.context["page"]) == 3
