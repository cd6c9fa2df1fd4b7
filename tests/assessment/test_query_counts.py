"""Computing a run, generating a quarterly review and the run page take the same number of queries
whatever the number of subjects (one aggregate per indicator kind, bulk writes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import services
from tests.factories import EnterpriseFactory, PoolEntryFactory
from tests.factories.reporting import DevelopmentPlanFactory, MilestoneFactory, ReportDueFactory

pytestmark = pytest.mark.django_db


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_a_run_and_its_page_do_not_grow_with_the_subjects(
    world, office_user, town, client_for, django_assert_max_num_queries
):
    scheme = world["schemes"]["enterprises"]
    small = _count(
        lambda: services.assessment_run_start(
            actor=office_user, scheme=scheme, year=2018, today=world["today"]
        )
    )
    for i in range(6):  # 2019: six enterprises with dues and milestones
        entry = PoolEntryFactory(
            pool=world["pool"], year=2019, enterprise=EnterpriseFactory(town=town, name=f"丙{i}")
        )
        ReportDueFactory(enterprise=entry.enterprise, year=2019, month=1)
        MilestoneFactory(plan=DevelopmentPlanFactory(nomination=entry))
    with django_assert_max_num_queries(small):
        run = services.assessment_run_start(actor=office_user, scheme=scheme, year=2019, today=world["today"])
    assert run.results.count() == 6
    client = client_for(office_user)
    small_run = scheme.runs.get(year=2018)
    page = _count(lambda: client.get(f"/assessment/runs/{small_run.pk}/"))
    with django_assert_max_num_queries(page):
        assert client.get(f"/assessment/runs/{run.pk}/").status_code == 200


def test_a_quarterly_review_does_not_grow_with_the_reports(world, office_user, town):
    programme, today = world["programme"], world["today"]
    small = _count(
        lambda: services.quarterly_review_generate(
            actor=office_user, programme=programme, year=2018, quarter=1, today=today
        )
    )
    for i in range(6):
        entry = PoolEntryFactory(
            pool=world["pool"], year=2018, enterprise=EnterpriseFactory(town=town, name=f"丁{i}")
        )
        ReportDueFactory(enterprise=entry.enterprise, year=2018, month=4)
    with CaptureQueriesContext(connection) as ctx:
        services.quarterly_review_generate(
            actor=office_user, programme=programme, year=2018, quarter=2, today=today
        )
    assert len(ctx.captured_queries) <= small
