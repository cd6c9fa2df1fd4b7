"""How the nominations API holds up at a province's volume: `make bench`.

Data as in test_bench_nomination_pages.py: seed_demo at scale 10, then generated nominations
(nominations_data.py) at two sizes, SMALL then up to LARGE.

Measured with the Django test client: GET /api/v1/nominations/ (office) and, as a reference, the
Django admin changelist of all nominations (superuser): SQL queries of one request, the median and
p95 of N requests after WARMUP (nominations_measure.py). The table is printed and written to
benchmarks/results/nominations-api.json.

The test fails if the query count changes with the number of rows (an N+1 crept in).
"""

import pytest

from .nominations_measure import run, with_admin_references
from .support import RESULTS_DIR

# django_db: the test's transaction is rolled back, so the generated nominations never outlive it.
pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

RESULTS = RESULTS_DIR / "nominations-api.json"


def _endpoints(programme) -> list[dict]:
    from pools.models import Nomination

    everything = Nomination.objects.count()
    return with_admin_references([("api nominations", "office", "/api/v1/nominations/", everything, {})])


def test_nominations_api_at_province_scale(bench_db):
    run(bench_db, _endpoints, RESULTS)
