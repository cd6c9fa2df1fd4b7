"""The refresh: idempotent and stamped; alerts appear and clear with the data; events queue one
debounced refresh; the command runs it by hand."""

from datetime import date
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from cockpit.models import Alert, CockpitRun, CreditGrade, CreditMonth, IndicatorActual, PoolStatus
from cockpit.services import DEBOUNCE_KEY, refresh_cockpit, request_refresh
from credit.models import RecordStatus
from programs.models import Pool
from reporting.models import Figure, FigureImport
from tests.factories import EnterpriseFactory
from tests.factories.credit import CreditRecordFactory
from tests.factories.reporting import PoolEntryFactory

from .support import AFTER, MID_2019, in_year, nominations_world, statistics_world

pytestmark = pytest.mark.django_db

TABLES = (IndicatorActual, PoolStatus, CreditGrade, CreditMonth, Alert)


def _rows():
    return {
        model.__name__: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items() if k != "id")) for row in model.objects.values()
        )
        for model in TABLES
    }


def test_a_second_refresh_gives_the_same_rows_and_a_new_stamp(programme, town, other_town):
    statistics_world(town, other_town)
    nominations_world(programme, town, other_town)
    first_runs = refresh_cockpit(today=AFTER)
    first = _rows()
    second_runs = refresh_cockpit(today=AFTER)
    assert _rows() == first
    assert [r.year for r in second_runs] == [2017, 2018, 2019]
    assert CockpitRun.objects.count() == 3
    assert all(b.finished_at >= a.finished_at for a, b in zip(first_runs, second_runs, strict=True))
    assert first["IndicatorActual"], "the refresh wrote indicator rows"


def test_pool_counts_by_state_town_and_quota(programme, town, other_town):
    pools = nominations_world(programme, town, other_town)
    refresh_cockpit(year=2019, today=AFTER)
    district = PoolStatus.objects.get(year=2019, month=12, pool=pools["backbone"], town=None)
    # 3 + 1 approved in town (one of them removed), 1 in the other town
    assert district.states == {"approved": 5, "submitted": 1}
    assert district.in_pool == 4
    assert district.quota_min == 10
    assert PoolStatus.objects.get(year=2019, month=12, pool=pools["backbone"], town=town).in_pool == 3
    tech = PoolStatus.objects.get(year=2019, month=12, pool=pools["tech"], town=other_town)
    assert tech.states == {"draft": 1, "approved": 1}
    assert tech.submitted == {"draft": 0, "approved": 1}  # a department never sees the draft


def test_a_pool_below_its_quota_at_the_time_of_year_is_an_alert_until_it_catches_up(programme, town):
    backbone = Pool.objects.get(programme=programme, code="backbone")
    refresh_cockpit(year=2019, today=MID_2019)
    # ≥ 10 a year, 45.8% of the year gone: 5 expected, none in the pool
    alert = Alert.objects.get(year=2019, kind=Alert.Kind.POOL_BELOW_QUOTA, pool=backbone)
    assert "应达5家" in alert.message
    assert alert.url == "/pools/2019/backbone/"
    entries = [
        PoolEntryFactory(pool=backbone, year=2019, enterprise=EnterpriseFactory(town=town)) for _i in range(5)
    ]
    in_year(entries, 2019)  # decided 1 March 2019
    refresh_cockpit(year=2019, today=MID_2019)
    assert not Alert.objects.filter(kind=Alert.Kind.POOL_BELOW_QUOTA, pool=backbone).exists()


def test_an_indicator_behind_time_progress_is_an_alert_until_it_catches_up(programme, town, other_town):
    world = statistics_world(town, other_town)
    refresh_cockpit(year=2019, today=MID_2019)
    behind = Alert.objects.filter(
        year=2019, kind=Alert.Kind.INDICATOR_BEHIND, indicator__code="above_scale_output"
    )
    assert behind.exists()
    assert "#indicator-above_scale_output" in behind.get().url
    # June's year to date reaches 62.5% of 800亿元, ahead of 45.8%
    Figure.objects.filter(enterprise=world["a"], year=2019, month=6, metric="output").update(ytd=5000000)
    refresh_cockpit(year=2019, today=MID_2019)
    assert not behind.exists()


def test_a_spike_of_adverse_credit_records_is_an_alert_until_withdrawn(programme, town):
    company = EnterpriseFactory(town=town)
    records = [
        CreditRecordFactory(enterprise=company, kind_code="court", occurred_on=date(2019, 6, 10))
        for _i in range(3)
    ]
    refresh_cockpit(today=MID_2019)
    spikes = Alert.objects.filter(kind=Alert.Kind.CREDIT_SPIKE)
    assert {a.town_id for a in spikes} == {None, town.pk}
    assert CreditMonth.objects.get(month=date(2019, 6, 1), town=town).adverse == 3
    for record in records:
        record.status = RecordStatus.WITHDRAWN
        record.save()
    refresh_cockpit(today=MID_2019)
    assert not Alert.objects.filter(kind=Alert.Kind.CREDIT_SPIKE).exists()


def test_a_burst_of_requests_queues_one_refresh(programme):
    cache.delete(DEBOUNCE_KEY)
    assert request_refresh() is True  # eager in tests: it ran at once
    assert CockpitRun.objects.count() == 3
    assert request_refresh() is False  # the burst's next event: already queued
    cache.delete(DEBOUNCE_KEY)  # the key expires as the queued refresh starts
    assert request_refresh() is True


def test_an_import_queues_a_refresh_once_committed(
    programme, department_user, django_capture_on_commit_callbacks
):
    cache.delete(DEBOUNCE_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        FigureImport.objects.create(
            actor=department_user,
            department=department_user.department,
            file_name="a.xlsx",
            status="succeeded",
        )
    assert CockpitRun.objects.filter(year=2019).exists()


def test_the_command_refreshes_a_year_and_says_so(programme):
    out = StringIO()
    call_command("refresh_cockpit", "--year", "2018", stdout=out)
    assert "2018:" in out.getvalue()
    assert list(CockpitRun.objects.values_list("year", flat=True)) == [2018]


def test_a_decision_queues_a_refresh_and_a_draft_does_not(
    programme, town, django_capture_on_commit_callbacks
):
    from pools.models import NominationEvent
    from tests.factories import NominationFactory

    nomination = NominationFactory(
        pool=Pool.objects.get(programme=programme, code="backbone"), year=2019, town=town
    )
    cache.delete(DEBOUNCE_KEY)
    with django_capture_on_commit_callbacks() as callbacks:
        NominationEvent.objects.create(nomination=nomination, action="create", to_state="draft")
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        NominationEvent.objects.create(
            nomination=nomination, action="approve", from_state="submitted", to_state="approved"
        )
    assert len(callbacks) == 1
    assert CockpitRun.objects.filter(year=2019).exists()
