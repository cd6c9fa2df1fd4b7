"""How the nomination pages hold up at a province's volume: `make bench`.

Data: seed_demo at scale 10 (≈15,000 enterprises, ≈6,000 projects, the policy, one account per unit)
on PostgreSQL, then generated nominations (nominations_data.py) at two sizes, SMALL then up to LARGE.

Measured with the Django test client, signed in as the role that uses each page: the review queue
(lead department) and a pool page (office), and beside each, as a reference, the Django admin
changelist of the same rows (superuser). For each: the number of SQL queries of one request and the
median and p95 wall time of N requests after WARMUP ones (nominations_measure.py). The table is
printed and written to benchmarks/results/nominations-pages.json.

The test fails if a page's query count changes with the number of rows (an N+1 crept in).
"""

import pytest

from .nominations_measure import run, with_admin_references
from .support import RESULTS_DIR

# django_db: pytest-django sets up the (bench) test database only for marked tests. The test runs in a
# transaction that is rolled back, so the generated nominations never outlive it; seed_demo's rows,
# committed by the module fixture, stay for the next run.
pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

RESULTS = RESULTS_DIR / "nominations-pages.json"


def _endpoints(programme) -> list[dict]:
    from accounts.models import User
    from pools.models import Nomination, NominationState
    from programs.models import Pool

    year = programme.end_year
    dept = User.objects.get(username="dept_economy_info")
    led = list(
        Pool.objects.filter(programme=programme, lead_departments=dept.department_id)
        .order_by("id")
        .values_list("id", flat=True)
    )
    backbone = Pool.objects.get(programme=programme, code="backbone")
    queue = Nomination.objects.filter(
        programme=programme, pool_id__in=led, state=NominationState.SUBMITTED
    ).count()
    entries = Nomination.objects.filter(year=year, pool=backbone).in_pool().count()
    return with_admin_references(
        [
            (
                "review queue",
                "dept_economy_info",
                "/pools/review/",
                queue,
                {"state__exact": "submitted", "pool__id__in": ",".join(map(str, led))},
            ),
            (
                "pool page",
                "office",
                f"/pools/{year}/{backbone.code}/",
                entries,
                {
                    "year__exact": year,
                    "pool__id__exact": backbone.pk,
                    "state__exact": "approved",
                    "removed_at__isnull": "True",
                },
            ),
        ]
    )


def test_review_queue_and_pool_page_at_province_scale(bench_db):
    run(bench_db, _endpoints, RESULTS)
