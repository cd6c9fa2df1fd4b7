"""The cockpit as of the end of the chosen month: the blacklist and the grades from the credit history
(those removed since count in the months they were listed), the pools from the nominations' times,
the rankings published by then; the credit and nomination lists filtered `as_of` show the same counts.
Every number below is counted by hand from the dates written beside it."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from cockpit.models import CreditGrade, CreditMonth, PoolStatus
from cockpit.services import refresh_cockpit
from credit.models import Rating, RatingTrigger, ScoringModel
from tests.factories import EnterpriseFactory
from tests.factories.credit import BlacklistEntryFactory

from .support import AFTER, count_links, nominations_world
from .support_panels import published_report

pytestmark = pytest.mark.django_db


def at(y, m, d) -> datetime:
    return timezone.make_aware(datetime(y, m, d, 10))


def rating(enterprise, on: datetime, grade: str, *, blacklisted=False) -> Rating:
    return Rating.objects.create(
        enterprise=enterprise,
        model=ScoringModel.objects.active(),
        score=50,
        grade=grade,
        grade_rank=("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C", "D").index(grade) + 1,
        blacklisted=blacklisted,
        as_of=on.date(),
        computed_at=on,
        trigger=RatingTrigger.SCHEDULE,
        explanation={},
        fingerprint=f"{enterprise.pk}-{on:%Y%m%d}",
    )


@pytest.fixture
def credit_history(programme, town, other_town):
    """E1 (town): listed by 区金融办 10 March 2019, removed 5 June. E2 (town): rated D and blacklisted
    15 February, re-rated B (off the list) 1 May. E3 (other town): rated D, blacklisted 20 April and
    still, and listed by hand too from 10 May (counted once). All registered in January 2019."""
    e1, e2 = EnterpriseFactory(town=town), EnterpriseFactory(town=town)
    e3 = EnterpriseFactory(town=other_town)
    from enterprises.models import Enterprise

    Enterprise.objects.filter(pk__in=[e1.pk, e2.pk, e3.pk]).update(created_at=at(2019, 1, 5))
    BlacklistEntryFactory(
        enterprise=e1, added_at=at(2019, 3, 10), removed_at=at(2019, 6, 5), removed_reason="已整改"
    )
    rating(e2, at(2019, 2, 15), "D", blacklisted=True)
    rating(e2, at(2019, 5, 1), "B")
    rating(e3, at(2019, 4, 20), "D", blacklisted=True)
    BlacklistEntryFactory(enterprise=e3, added_at=at(2019, 5, 10))
    refresh_cockpit(today=AFTER)
    return {"e1": e1, "e2": e2, "e3": e3}


# month end → (district, town, other town) on the list
LISTED = {1: (0, 0, 0), 2: (1, 1, 0), 3: (2, 2, 0), 4: (3, 2, 1), 5: (2, 1, 1), 6: (1, 0, 1), 12: (1, 0, 1)}


@pytest.mark.parametrize("month", sorted(LISTED))
def test_the_blacklist_of_a_month_counts_who_was_on_it_then(credit_history, town, other_town, month):
    for where, expected in zip((None, town, other_town), LISTED[month], strict=True):
        row = CreditMonth.objects.get(month=date(2019, month, 1), town=where)
        assert row.blacklisted == expected, (month, where)


def test_the_grades_of_a_month_are_those_of_the_latest_rating_before_its_end(credit_history, town):
    def grades(month, where=None):
        return {g.grade: g.n for g in CreditGrade.objects.filter(month=date(2019, month, 1), town=where)}

    assert grades(1) == {"": 3}  # registered, not yet rated
    assert grades(3) == {"D": 1, "": 2}
    assert grades(4) == {"D": 2, "": 1}
    assert grades(5) == {"D": 1, "B": 1, "": 1}
    assert grades(5, town) == {"B": 1, "": 1}
    assert grades(12) == {"D": 1, "B": 1, "": 1}


@pytest.mark.parametrize("role", ["office", "town"])
@pytest.mark.parametrize("month", [3, 5, 6])
def test_the_credit_links_of_a_past_month_land_on_lists_of_as_many(
    credit_history, users, client_for, role, month
):
    client = client_for(users[role])
    html = client.get(f"/cockpit/?year=2019&month={month}").content.decode()
    links = [(href, n) for href, n in count_links(html) if href.startswith("/credit/")]
    as_of = f"as_of=2019-0{month}-{[31, 31, 30][[3, 5, 6].index(month)]}"
    assert links and all(as_of in href for href, _n in links)
    blacklisted = [n for href, n in links if "blacklisted=yes" in href]
    assert blacklisted == [LISTED[month][0 if role == "office" else 1]]
    for href, shown in links:
        response = client.get(href)
        assert response.status_code == 200, href
        assert response.context["page"].paginator.count == shown, href


def test_the_page_says_the_date_its_panels_stand_at(credit_history, users, client_for):
    html = client_for(users["office"]).get("/cockpit/?year=2019&month=4").content.decode()
    assert "数据截至 2019-04-30" in html
    assert "2019-04-30在黑名单上的企业" in html


def test_the_pools_of_a_month_count_the_state_at_its_end(programme, town, other_town, users, client_for):
    """nominations_world: created 1 February, submitted 10 February, decided 1 March, one removed
    1 April."""
    pools = nominations_world(programme, town, other_town)
    refresh_cockpit(year=2019, today=AFTER)

    def district(month):
        return PoolStatus.objects.get(year=2019, month=month, pool=pools["backbone"], town=None)

    assert district(1).states == {} and district(1).in_pool == 0
    assert district(2).states == {"submitted": 6} and district(2).in_pool == 0
    assert district(3).states == {"approved": 5, "submitted": 1} and district(3).in_pool == 5
    assert district(4).in_pool == 4  # the removed one has left
    client = client_for(users["office"])
    for month in (2, 3, 4):
        links = count_links(client.get(f"/cockpit/?year=2019&month={month}").content.decode())
        nominations = [(h, n) for h, n in links if h.startswith("/pools/nominations/")]
        assert any(n for _h, n in nominations)
        for href, shown in nominations:
            assert "as_of=2019-0" in href
            assert client.get(href).context["page"].paginator.count == shown, href


def test_the_rankings_show_the_latest_report_of_the_month_or_before(programme, town, users, client_for):
    published_report(programme, year=2019, month=6, towns=[town.name])  # published 28 June
    client = client_for(users["office"])
    may = client.get("/cockpit/?year=2019&month=5").context["cockpit"]
    june = client.get("/cockpit/?year=2019&month=6").context["cockpit"]
    rankings = {p["code"]: p["context"] for p in may.panels}["rankings"]
    assert rankings is None or rankings["dispatch"] is None
    assert {p["code"]: p["context"] for p in june.panels}["rankings"]["dispatch"]["report"].month == 6
