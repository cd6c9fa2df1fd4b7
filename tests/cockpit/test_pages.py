"""The cockpit page by role, its drill-down links, its export, the office's entered actuals, and its
query count at two data sizes."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cockpit.models import ActualEntry
from cockpit.services import refresh_cockpit
from core.models import AuditLog
from funds.services.bridge import bridge_repay
from funds.services.daily import run_daily
from pools.models import department_pools
from programs.models import DistrictIndicator, Pool, Town
from tests.factories import EnterpriseFactory, NominationFactory, TownFactory
from tests.factories.credit import BlacklistEntryFactory, CreditRecordFactory
from tests.funds.support import World

from .support import AFTER, count_links, nominations_world, statistics_world
from .support_panels import confirmed_review, money_world, open_case, published_report, published_run

PANEL_QUERIES = 1 + 8

pytestmark = pytest.mark.django_db


@pytest.fixture
def cockpit_world(programme, town, other_town, users):
    statistics_world(town, other_town)
    pools = nominations_world(programme, town, other_town)
    from credit.models import RatingTrigger
    from credit.rating import rate_all

    for company in (EnterpriseFactory(town=town), EnterpriseFactory(town=other_town)):
        CreditRecordFactory(enterprise=company, kind_code="court")
    BlacklistEntryFactory(enterprise=EnterpriseFactory(town=town))
    rate_all(trigger=RatingTrigger.SEED)
    refresh_cockpit(today=date.today())
    return pools


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("office", 200),
        ("town", 200),
        ("department", 200),
        ("enterprise", 403),
        ("admin", 403),
        ("security_admin", 403),
        ("audit_admin", 403),
    ],
)
def test_who_may_open_the_cockpit(cockpit_world, users, client_for, role, status):
    client = client_for(users[role])
    assert client.get("/cockpit/?year=2019").status_code == status
    assert client.get("/cockpit/export.xlsx?year=2019").status_code == status


def test_anonymous_is_sent_to_sign_in(cockpit_world, client):
    assert client.get("/cockpit/").status_code == 302


def test_a_town_sees_only_its_own_town(cockpit_world, town, other_town, users, client_for):
    response = client_for(users["town"]).get("/cockpit/?year=2019")
    cockpit = response.context["cockpit"]
    assert cockpit.scope.town_id == town.pk
    assert [t["town"] for t in cockpit.by_town] == [town]
    backbone = next(p for p in cockpit.pools if p["pool"].code == "backbone")
    assert backbone["in_pool"] == 3  # its own three, not the other town's
    assert {r.town_id for r in cockpit.indicators} == {town.pk}
    assert other_town.name not in response.content.decode()


def test_a_department_sees_its_pools_and_its_indicators(cockpit_world, users, client_for):
    department = users["department"].department  # 区经信局
    cockpit = client_for(users["department"]).get("/cockpit/?year=2019").context["cockpit"]
    codes = {p["pool"].code for p in cockpit.pools}
    its_pools = set(
        Pool.objects.filter(pk__in=department_pools(users["department"])).values_list("code", flat=True)
    )
    assert codes == its_pools
    assert "backbone" in codes
    assert codes < set(Pool.objects.values_list("code", flat=True))  # not every pool
    led = set(DistrictIndicator.objects.filter(lead_departments=department).values_list("code", flat=True))
    assert {r.indicator.code for r in cockpit.indicators} == led
    assert all(s["state"] != "draft" for s in cockpit.pipeline)


def test_the_office_sees_the_district_every_town_and_the_empty_panels(
    cockpit_world, town, other_town, users, client_for
):
    response = client_for(users["office"]).get("/cockpit/?year=2019&month=12")
    cockpit = response.context["cockpit"]
    assert cockpit.scope.town_id is None
    assert {t["town"] for t in cockpit.by_town} == {town, other_town}
    html = response.content.decode()
    assert "数据截至" in html
    assert cockpit.placeholders == []  # both panels are built; without funds or 通报 they are empty
    assert [(p["code"], p["context"]) for p in cockpit.panels] == [("money", None), ("rankings", None)]
    assert html.count('data-testid="panel-empty"') == 2
    assert 'id="cockpit-data"' in html


@pytest.fixture
def linked_world(cockpit_world, programme, town, other_town, users):
    """cockpit_world with the rankings panel's rows (a confirmed review, open and overdue cases, one
    closed) and monthly reports of 2019 missing or late in both towns and in a department's pool."""
    from tests.factories.reporting import ReportDueFactory

    department = users["department"].department
    confirmed_review(programme, {town: "red", other_town: "green", department: "yellow"})
    open_case(programme, town, deadline=date(2019, 1, 1))
    open_case(programme, other_town, kind="criticism")
    open_case(programme, town, state="closed")
    entered = [
        n.enterprise
        for n in cockpit_world["backbone"]
        .nominations.filter(town=town, removed_at__isnull=True)
        .order_by("pk")[:2]
    ]
    for company in [*entered, EnterpriseFactory(town=other_town)]:
        ReportDueFactory(enterprise=company, year=2019, month=3)
    refresh_cockpit(today=date.today())
    return cockpit_world


def _rows_shown(response) -> int:
    if "page" in response.context:
        return response.context["page"].paginator.count
    if "cases" in response.context:
        return len(response.context["cases"])
    return len(response.context["rows"])  # a review's ratings


@pytest.mark.parametrize("role", ["office", "town", "department"])
def test_every_number_links_to_a_list_of_as_many_rows(linked_world, users, client_for, role):
    client = client_for(users[role])
    links = count_links(client.get("/cockpit/?year=2019").content.decode())
    assert len(links) > 20
    assert any(n > 0 for _href, n in links)
    kinds = {href.split("?")[0].split("/")[1:3][1] for href, _n in links if href.count("/") > 2}
    assert {"nominations", "ratings", "late"} <= kinds, kinds
    if role != "department":  # the department's own cases: none here
        assert {"supervision", "reviews"} <= kinds, kinds
    for href, shown in links:
        response = client.get(href)
        assert response.status_code == 200, href
        assert _rows_shown(response) == shown, href


def test_the_late_reports_are_counted_for_each_scope(linked_world, users, client_for, town, other_town):
    office = client_for(users["office"]).get("/cockpit/?year=2019").context["cockpit"].late
    assert office["n"] == 3
    assert {t["town"]: t["n"] for t in office["towns"]} == {town: 2, other_town: 1}
    assert client_for(users["town"]).get("/cockpit/?year=2019").context["cockpit"].late["n"] == 2
    # 区经信局 leads the backbone pool: its two entries with a missing report
    assert client_for(users["department"]).get("/cockpit/?year=2019").context["cockpit"].late["n"] == 2


def test_the_export_holds_the_cockpits_tables(cockpit_world, users, client_for):
    from core.xlsx import read_xlsx

    response = client_for(users["office"]).get("/cockpit/export.xlsx?year=2019")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditLog.objects.filter(
        action="export", message__startswith='{"event":"export.cockpit","params":{"month":'
    ).exists()
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(response.content), read_only=True)
    assert book.sheetnames[:2] == ["发展目标", "培育库"]
    assert read_xlsx is not None


def test_the_office_enters_an_actual_with_its_source_audited(programme, users, client_for):
    indicator = DistrictIndicator.objects.get(code="backward_capacity_eliminated")
    client = client_for(users["office"])
    assert client.get("/cockpit/actuals/").status_code == 200
    data = {
        "indicator": indicator.pk,
        "year": 2019,
        "month": 12,
        "value": "100",
        "source_note": "区经信局报送",
    }
    assert client.post("/cockpit/actuals/", data).status_code == 302
    entry = ActualEntry.objects.get(indicator=indicator, year=2019, month=12)
    assert entry.source_note == "区经信局报送"
    assert AuditLog.objects.filter(action="create", object_id=str(entry.pk)).exists()
    # again: the same row, updated and audited
    client.post("/cockpit/actuals/", {**data, "value": "95"})
    assert ActualEntry.objects.get(pk=entry.pk).value == 95
    assert AuditLog.objects.filter(action="update", object_id=str(entry.pk)).exists()
    # a note is required
    response = client.post("/cockpit/actuals/", {**data, "source_note": " "})
    assert response.status_code == 200
    for role in ("town", "department", "enterprise"):
        assert client_for(users[role]).get("/cockpit/actuals/").status_code == 403


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/cockpit/?year=2019").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["office", "town", "department"])
def test_the_page_reads_a_fixed_number_of_queries_at_two_data_sizes(
    programme, town, other_town, users, client_for, django_assert_max_num_queries, role
):
    client = client_for(users[role])
    statistics_world(town, other_town)
    nominations_world(programme, town, other_town)
    money = money_world(programme)
    department = users["department"].department
    published_report(programme, towns=[town.name, other_town.name])
    confirmed_review(programme, {town: "red", other_town: "green", department: "yellow"})
    open_case(programme, town, deadline=AFTER)
    published_run(programme, {town: 90, other_town: 80})
    refresh_cockpit(today=AFTER)
    small = _queries(client)
    # ten times the nominations, more towns and enterprises
    for i in range(6):
        more = TownFactory(code=f"extra{i}")
        for pool in ("backbone", "growth", "tech"):
            for _j in range(5):
                NominationFactory(pool=programme.pools.get(code=pool), year=2019, town=more, approved=True)
    nominations_world(programme, town, other_town)
    # and more loans, reports, ratings, cases and results for the panels
    for w, loan in zip(money["worlds"], money["loans"], strict=True):
        bridge_repay(actor=w.bank_user, loan=loan, repaid_on=date(2026, 11, 13))
    run_daily(date(2026, 11, 14))  # the fund resumes: new loans, overdue in their turn
    for _i in range(4):
        World(money["bridge"]).to("disbursed", amount="500000.00", term_days=10, on=date(2026, 11, 14))
    run_daily(date(2026, 11, 26))
    extra = list(Town.objects.filter(code__startswith="extra"))
    published_report(programme, month=7, towns=[t.name for t in extra])
    confirmed_review(programme, {t: "red" for t in [town, *extra]}, quarter=3)
    for t in extra:
        open_case(programme, t, deadline=date(2019, 1, 1))
        open_case(programme, t, kind="criticism")
    refresh_cockpit(today=AFTER)
    with django_assert_max_num_queries(small):
        client.get("/cockpit/?year=2019")
    assert _queries(client) == small
    # the cockpit's own reads, and the panels' fixed number (money 1 for the fund overseers, rankings 8)
    assert small <= 16 + PANEL_QUERIES
