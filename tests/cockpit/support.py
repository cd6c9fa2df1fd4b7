"""Builders shared by the cockpit's tests (no fixtures here: tests import helpers, not conftests)."""

import re
from datetime import date, datetime
from decimal import Decimal

from cockpit.models import IndicatorActual
from programs.models import DistrictIndicator, LeadingIndustry, Pool
from reporting.models import FigureSource
from tests.factories import EnterpriseFactory, NominationFactory
from tests.factories.reporting import FigureFactory

# A fixed "today" after the programme (2017–2019): every month of every year has ended.
AFTER = date(2026, 12, 1)
MID_2019 = date(2019, 6, 15)
COUNT_LINK = re.compile(r'<a href="([^"]+)" data-count="(\d+)"')


def official(enterprise, *, year, month, metric="output", ytd=None, value=None):
    return FigureFactory(
        enterprise=enterprise,
        year=year,
        month=month,
        metric=metric,
        source=FigureSource.OFFICIAL,
        value=None if value is None else Decimal(value),
        ytd=None if ytd is None else Decimal(ytd),
    )


def statistics_world(town, other_town):
    """Four enterprises with hand-countable official output for 2019 and investment for 2018:
    A (town, 规上, 新型陶瓷), B (town, 规上), C (other town, 规上, 新型陶瓷), D (other town, 规下)."""
    ceramics = LeadingIndustry.objects.get(code="new_ceramics")
    a = EnterpriseFactory(town=town, is_above_scale=True, leading_industry=ceramics)
    b = EnterpriseFactory(town=town, is_above_scale=True)
    c = EnterpriseFactory(town=other_town, is_above_scale=True, leading_industry=ceramics)
    d = EnterpriseFactory(town=other_town, is_above_scale=False)
    for company, june, annual in ((a, 300, 700), (b, 100, 300), (c, 200, 500), (d, 50, 100)):
        official(company, year=2019, month=6, value=june / 6, ytd=june)
        official(company, year=2019, month=0, value=annual)
    official(a, year=2018, month=0, metric="fixed_asset_investment", value=50)
    official(d, year=2018, month=0, metric="fixed_asset_investment", value=30)
    return {"a": a, "b": b, "c": c, "d": d}


def actual(code: str, year: int, month: int, town=None) -> IndicatorActual:
    indicator = DistrictIndicator.objects.get(code=code)
    return IndicatorActual.objects.get(indicator=indicator, year=year, month=month, town=town)


def in_year(nominations, year: int) -> None:
    """Date the nominations inside their programme year (the cockpit counts the state at a month's
    end from these times): created 1 February, submitted 10 February, decided 1 March, removed and
    last changed 1 April."""
    from django.utils import timezone

    from pools.models import Nomination

    def at(month, day):
        return timezone.make_aware(datetime(year, month, day, 10))

    qs = Nomination.objects.filter(pk__in=[n.pk for n in nominations])
    qs.update(created_at=at(2, 1), updated_at=at(4, 1))
    qs.filter(submitted_at__isnull=False).update(submitted_at=at(2, 10))
    qs.filter(decided_at__isnull=False).update(decided_at=at(3, 1))
    qs.filter(removed_at__isnull=False).update(removed_at=at(4, 1))


def nominations_world(programme, town, other_town, year=2019):
    """Nominations of `year` in several states in two towns and two pools, dated in the year
    (in_year): created in February, decided in March, one removed in April."""
    made = []
    backbone = Pool.objects.get(programme=programme, code="backbone")
    tech = Pool.objects.get(programme=programme, code="tech")
    for _i in range(3):
        made.append(NominationFactory(pool=backbone, year=year, town=town, approved=True))
    made.append(NominationFactory(pool=backbone, year=year, town=town, removed=True))
    made.append(NominationFactory(pool=backbone, year=year, town=other_town, approved=True))
    made.append(NominationFactory(pool=backbone, year=year, town=other_town, submitted=True))
    made.append(NominationFactory(pool=tech, year=year, town=town, submitted=True))
    made.append(NominationFactory(pool=tech, year=year, town=other_town))  # a draft: the town's own
    made.append(NominationFactory(pool=tech, year=year, town=other_town, approved=True))
    in_year(made, year)
    return {"backbone": backbone, "tech": tech}


def count_links(html: str) -> list[tuple[str, int]]:
    return sorted({(href.replace("&amp;", "&"), int(n)) for href, n in COUNT_LINK.findall(html)})
