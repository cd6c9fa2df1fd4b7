"""Below quota by the pool's recognition windows: each of the year's windows owes an equal share of
the minimum REVIEW_DAYS (30) after it closed, and everything closed is due at the year's end; a pool
without windows stays pro rata by time of year, and the panel says so."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from cockpit.models import Alert, PoolStatus
from cockpit.services import REVIEW_DAYS, expected_by_windows, refresh_cockpit, window_closed_on
from pools.models import NominationWindow
from programs.models import Pool

pytestmark = pytest.mark.django_db

SPRING, SUMMER = date(2019, 3, 31), date(2019, 6, 30)  # two batches: due 30 April and 30 July


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2019, 3, 31), 0),  # the first window closes today: nothing owed
        (date(2019, 4, 29), 0),  # 29 days of review
        (date(2019, 4, 30), 5),  # 30 days: the first half of ≥ 10
        (date(2019, 7, 29), 5),
        (date(2019, 7, 30), 10),  # both batches
        (date(2019, 12, 31), 10),
    ],
)
def test_each_closed_window_owes_its_share_after_its_review(as_of, expected):
    assert REVIEW_DAYS == 30
    assert expected_by_windows(10, [SPRING, SUMMER], as_of, 2019) == expected


def test_shares_are_rounded_up_and_the_year_end_calls_in_every_closed_window():
    closings = [date(2019, 2, 28), date(2019, 6, 30), date(2019, 12, 15)]
    assert expected_by_windows(10, closings, date(2019, 3, 30), 2019) == 4  # ⌈10 × 1/3⌉
    assert expected_by_windows(10, closings, date(2019, 12, 30), 2019) == 7  # ⌈10 × 2/3⌉
    assert expected_by_windows(10, closings, date(2019, 12, 31), 2019) == 10  # the year's end
    assert expected_by_windows(None, closings, date(2019, 12, 31), 2019) is None


def test_a_window_closed_early_counts_from_that_day(programme):
    window = NominationWindow(
        programme=programme,
        year=2019,
        opens_on=date(2019, 3, 1),
        closes_on=date(2019, 3, 31),
        closed_at=timezone.make_aware(datetime(2019, 3, 20, 23, 30)),
    )
    assert window_closed_on(window) == date(2019, 3, 20)


def test_a_pool_with_windows_is_marked_below_by_its_batches_and_one_without_pro_rata(
    programme, users, client_for
):
    backbone = Pool.objects.get(programme=programme, code="backbone")  # ≥ 10 a year
    NominationWindow.objects.create(
        programme=programme, year=2019, pool=backbone, opens_on=date(2019, 3, 1), closes_on=SPRING
    )
    NominationWindow.objects.create(
        programme=programme, year=2019, pool=backbone, opens_on=date(2019, 6, 1), closes_on=SUMMER
    )
    refresh_cockpit(year=2019, today=date(2019, 5, 15))

    def status(pool, month):
        return PoolStatus.objects.get(year=2019, month=month, pool=pool, town=None)

    assert (status(backbone, 3).expected, status(backbone, 4).expected, status(backbone, 5).expected) == (
        0,
        5,
        5,
    )
    assert status(backbone, 5).by_windows
    alert = Alert.objects.get(kind=Alert.Kind.POOL_BELOW_QUOTA, pool=backbone)
    assert "按已截止的申报批次应达5家" in alert.message
    other = PoolStatus.objects.filter(year=2019, month=5, town=None, quota_min__isnull=False).exclude(
        pool=backbone
    )
    assert other.exists() and not any(s.by_windows for s in other)
    html = client_for(users["office"]).get("/cockpit/?year=2019&month=5").content.decode()
    assert "无申报窗口，按时间进度计算" in html
