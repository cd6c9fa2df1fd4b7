"""An enterprise sees its own nominations and its projects' once submitted — read by its project ids, so
the database looks up two indexes instead of walking every nomination — in the same queries at any size."""

import pytest

from pools.models import Nomination
from tests.factories import EnterpriseFactory, NominationFactory, PoolFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _world(enterprise, n: int) -> set[int]:
    """n nominations of the enterprise's projects and itself (submitted), one draft, others' rows."""
    pool = PoolFactory()
    seen = set()
    for i in range(n):
        project = ProjectFactory(enterprise=enterprise)
        seen.add(
            NominationFactory(
                pool=pool,
                town=enterprise.town,
                enterprise=None,
                project=project,
                state="submitted",
                year=2017 + i % 3,
            ).pk
        )
    seen.add(NominationFactory(pool=pool, town=enterprise.town, enterprise=enterprise, state="approved").pk)
    NominationFactory(
        pool=pool, town=enterprise.town, enterprise=None, project=ProjectFactory(enterprise=enterprise)
    )
    other = EnterpriseFactory(town=enterprise.town)
    NominationFactory(pool=pool, town=enterprise.town, enterprise=other, state="submitted")
    NominationFactory(
        pool=pool,
        town=enterprise.town,
        enterprise=None,
        project=ProjectFactory(enterprise=other),
        state="submitted",
    )
    return seen


def test_its_own_and_its_projects_once_submitted(enterprise, enterprise_user):
    seen = _world(enterprise, 3)
    assert set(Nomination.objects.visible_to(enterprise_user).values_list("pk", flat=True)) == seen


def test_without_projects_its_own_only(enterprise, enterprise_user):
    mine = NominationFactory(town=enterprise.town, enterprise=enterprise, state="submitted")
    NominationFactory(town=enterprise.town, state="submitted")
    assert list(Nomination.objects.visible_to(enterprise_user)) == [mine]


@pytest.mark.parametrize("n", [2, 12])
def test_the_list_in_pinned_queries(n, enterprise, enterprise_user, client_for, django_assert_num_queries):
    _world(enterprise, n)
    client = client_for(enterprise_user)
    client.get("/pools/nominations/")
    with django_assert_num_queries(ENTERPRISE_LIST_QUERIES):
        response = client.get("/pools/nominations/")
    assert response.status_code == 200


ENTERPRISE_LIST_QUERIES = 15  # equal at 2 and 12 projects
