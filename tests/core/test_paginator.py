"""Lists count their rows only as far as a person needs (core.web.CappedPaginator): exactly up to
COUNT_UP_TO rows, beyond that "超过 N 条" with a next page always offered; the page asked for is served
however far it is; one COUNT query either way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.web import CappedPaginator
from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_below_the_cap_the_count_is_exact(town):
    EnterpriseFactory.create_batch(7, town=town)

    paginator = CappedPaginator(Enterprise.objects.order_by("name", "pk"), 3, up_to=10)

    assert (paginator.count, paginator.capped, paginator.num_pages) == (7, False, 3)


def test_above_the_cap_it_says_more_than_and_offers_the_next_page(town):
    EnterpriseFactory.create_batch(12, town=town)
    rows = Enterprise.objects.order_by("name", "pk")

    first = CappedPaginator(rows, 3, up_to=6)
    with CaptureQueriesContext(connection) as queries:
        assert (first.count, first.capped, first.num_pages) == (6, True, 2)
    assert len(queries) == 1 and "ORDER BY" not in queries[0]["sql"]  # no sort to count

    far = CappedPaginator(rows, 3, number=3, up_to=6).get_page(3)  # beyond the cap: counted further
    assert far.number == 3 and far.has_next() and [e.pk for e in far] == [e.pk for e in rows[6:9]]
    last = CappedPaginator(rows, 3, number=4, up_to=6).get_page(4)
    assert not last.paginator.capped and last.paginator.count == 12 and not last.has_next()


def test_the_page_asked_for_and_the_next_are_always_counted_exactly(
    client_for, office_user, town, monkeypatch
):
    monkeypatch.setattr("core.web.COUNT_UP_TO", 4)
    EnterpriseFactory.create_batch(6, town=town)

    page = client_for(office_user).get("/enterprises/").content.decode()

    assert "共 6 条" in page and "超过" not in page  # 25 a page: counted up to 50 rows, so exactly


def test_a_list_longer_than_the_cap_says_more_than(client_for, office_user, town, monkeypatch):
    monkeypatch.setattr("core.web.COUNT_UP_TO", 30)
    EnterpriseFactory.create_batch(60, town=town)

    page = client_for(office_user).get("/enterprises/").content.decode()

    assert "超过 50 条" in page and "1 / 2+" in page
    assert "超过 60 条" not in client_for(office_user).get("/enterprises/?page=3").content.decode()
