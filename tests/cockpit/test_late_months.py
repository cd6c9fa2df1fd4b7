"""The late-reports count at each month's end, and the late list as of the same day: a report of
January 2019 (due 02-05) submitted on 04-10, and one of February (due 03-05) submitted on time."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from cockpit.models import LateReports
from cockpit.services import refresh_cockpit
from tests.factories import EnterpriseFactory
from tests.factories.reporting import ReportDueFactory

from .support import AFTER

pytestmark = pytest.mark.django_db


def _at(y, m, d):
    return timezone.make_aware(datetime(y, m, d, 9))


def _world(town):
    late, punctual = EnterpriseFactory(town=town), EnterpriseFactory(town=town)
    ReportDueFactory(enterprise=late, year=2019, month=1, submitted_at=_at(2019, 4, 10))
    ReportDueFactory(enterprise=punctual, year=2019, month=2, submitted_at=_at(2019, 3, 1))
    refresh_cockpit(year=2019, today=AFTER)
    return late


def test_the_count_follows_the_month_by_hand(programme, town):
    _world(town)
    district = dict(
        LateReports.objects.filter(year=2019, town__isnull=True, department__isnull=True).values_list(
            "month", "enterprises"
        )
    )
    # January: not yet due; February and March: missing; April on: submitted late (after 02-05)
    assert district == {1: 0, 2: 1, 3: 1, 4: 1, **{m: 1 for m in range(5, 13)}}
    assert LateReports.objects.get(year=2019, month=2, town__isnull=True, department__isnull=True).as_of == (
        date(2019, 2, 28)
    )


@pytest.mark.parametrize("month", [1, 2, 4])
def test_the_cockpit_link_lands_on_the_same_count(programme, town, users, client_for, month):
    late = _world(town)
    client = client_for(users["office"])
    cockpit = client.get(f"/cockpit/?year=2019&month={month}").context["cockpit"]
    assert f"as_of=2019-{month:02d}-" in cockpit.late["url"]
    listed = client.get(cockpit.late["url"]).context["page"]
    assert listed.paginator.count == cockpit.late["n"] == (0 if month == 1 else 1)
    if month == 2:  # at the end of February the January report was still missing
        (row,) = listed.object_list
        assert row["enterprise_id"] == late.pk and row["missing"] == 1 and row["late"] == 0
    if month == 4:
        (row,) = listed.object_list
        assert row["missing"] == 0 and row["late"] == 1
