"""seed_demo's activity grows with the scale: nominations near each year's quotas × scale, plans,
milestones and monthly reports for the entries; a second run adds nothing."""

import pytest

from cockpit.models import CockpitRun
from pools.models import Nomination
from portal.demo_scale import MARK, seed_activity
from programs.models import Pool
from reporting.models import DevelopmentPlan, Milestone, Report
from tests.factories import EnterpriseFactory, ProjectFactory, TownUserFactory

pytestmark = pytest.mark.django_db


def test_activity_follows_the_quotas_and_is_made_once(programme, town, other_town, office_user):
    TownUserFactory(username="town_a", town=town)
    TownUserFactory(username="town_b", town=other_town)
    for i in range(60):
        EnterpriseFactory(town=town if i % 2 else other_town)
    for _i in range(20):
        ProjectFactory(enterprise=EnterpriseFactory(town=town))
    created = seed_activity(programme, 0.5)
    generated = Nomination.objects.filter(path_plan=MARK)
    assert created["nominations"] == generated.count() > 0
    assert set(generated.values_list("year", flat=True)) == set(programme.years)
    backbone = Pool.objects.get(programme=programme, code="backbone")  # ≥ 10 a year × 0.5
    for year in programme.years:
        assert 4 <= generated.filter(pool=backbone, year=year).count() <= 6
    # one subject each, the kind the pool wants, never twice in a pool-year
    for pool_subject, enterprise, project in generated.values_list(
        "pool__subject", "enterprise_id", "project_id"
    ):
        assert (enterprise if pool_subject == "enterprise" else project) is not None
        assert (enterprise is None) != (project is None)
    keys = list(generated.values_list("pool_id", "year", "enterprise_id", "project_id"))
    assert len(keys) == len(set(keys))
    assert created["plans"] == DevelopmentPlan.objects.count() > 0
    assert Milestone.objects.count() == 4 * created["plans"]
    assert Report.objects.filter(year=programme.end_year, state="confirmed").count() == created["reports"] > 0
    assert CockpitRun.objects.count() == len(programme.years)
    again = seed_activity(programme, 0.5)
    assert (again["nominations"], again["plans"], again["reports"]) == (0, 0, 0)
