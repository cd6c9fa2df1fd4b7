"""The pool page of a year (entries counted against the quota, removed entries left out) and its
export, scoped for an enterprise; the review queue's and the pool page's pinned query counts."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from pools import services
from tests.factories import EnterpriseFactory, NominationFactory

from .support import XLSX, YEAR, approved

pytestmark = pytest.mark.django_db


# --- pool page and export ------------------------------------------------------------------------


def test_pool_page_shows_count_against_quota_and_export_has_the_entries(
    world, client_for, office_user, town, department_user, town_user
):
    # given one more entry, then removed by the office
    gone = approved(
        town_user,
        department_user,
        world.approved.pool,
        EnterpriseFactory(town=town, name="临沂已移出有限公司"),
    )
    services.pool_entry_remove(actor=office_user, nomination=gone, reason="企业已停产")
    client = client_for(office_user)
    # when the office opens the backbone page of 2018
    page = client.get(f"/pools/{YEAR}/backbone/")
    html = page.content.decode()
    # then it counts the one entry against the quota (≥ 10) and lists it, not the removed one
    assert page.context["count"] == 1
    assert page.context["quota"].quota_min == 10
    assert 'data-testid="pool-count">1<' in html
    assert "≥ 10" in html
    assert world.approved.enterprise.name in html
    assert "临沂已移出有限公司" not in html
    # and the overview agrees
    overview = client.get(f"/pools/?year={YEAR}")
    backbone_row = next(r for r in overview.context["rows"] if r["pool"].code == "backbone")
    assert backbone_row["count"] == 1
    # and the export has the entry and not the removed one
    response = client.get(f"/pools/{YEAR}/backbone/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    names = [r[2] for r in values[2:] if r[0] is not None and isinstance(r[0], int)]
    assert names == [world.approved.enterprise.name]
    assert values[2][3] == world.approved.enterprise.uscc
    assert "临沂已移出有限公司" not in str(values)
    # the removed entry's own page still tells its history
    detail = client.get(f"/pools/nominations/{gone.pk}/").content.decode()
    assert "企业已停产" in detail and "移出培育库" in detail


def test_pool_page_for_an_enterprise_shows_only_its_own_entries(
    world, client_for, users, other_enterprise_user
):
    assert client_for(users["enterprise"]).get(f"/pools/{YEAR}/backbone/").context["count"] == 0
    assert client_for(other_enterprise_user).get(f"/pools/{YEAR}/backbone/").context["count"] == 0
    assert client_for(users["town"]).get(f"/pools/{YEAR}/backbone/").context["count"] == 1


# --- query counts --------------------------------------------------------------------------------

REVIEW_QUEUE_QUERIES = 11  # incl. session, user and the menu's one query (grants, unread badge)
POOL_PAGE_QUERIES = 14  # incl. session, user, unread-notice badge and the session save


def _submitted_many(pool, town, n):
    NominationFactory.create_batch(n, pool=pool, town=town, year=YEAR, submitted=True)


def _approved_many(pool, town, n):
    NominationFactory.create_batch(n, pool=pool, town=town, year=YEAR, approved=True)


@pytest.mark.parametrize("extra", [3, 30])
def test_review_queue_query_count_is_pinned(
    backbone, town, other_town, department_user, client_for, django_assert_num_queries, extra
):
    _submitted_many(backbone, town, extra)
    _submitted_many(backbone, other_town, 2)
    client = client_for(department_user)
    client.get("/pools/review/")  # warm the session
    with django_assert_num_queries(REVIEW_QUEUE_QUERIES):
        response = client.get("/pools/review/")
    assert response.context["page"].paginator.count == extra + 2


@pytest.mark.parametrize("extra", [3, 30])
def test_pool_page_query_count_is_pinned(
    backbone, town, other_town, office_user, client_for, django_assert_num_queries, extra
):
    _approved_many(backbone, town, extra)
    _approved_many(backbone, other_town, 2)
    client = client_for(office_user)
    client.get(f"/pools/{YEAR}/backbone/")
    with django_assert_num_queries(POOL_PAGE_QUERIES):
        response = client.get(f"/pools/{YEAR}/backbone/")
    assert response.context["count"] == extra + 2
