"""Fixtures of the core tests: the `world` of the permission matrices (test_permission_matrix_*.py)."""

import pytest

from funds.loader import funds_load_file
from programs.models import Department, Park
from tests.core.permission_matrix import World
from tests.factories import ProjectFactory


@pytest.fixture
def world(programme, users, enterprise, other_enterprise):
    """The real policy file, one user per role, an enterprise and a project in the town user's town
    (the enterprise user's own) and the same in another town; `ids` fills the URLs' placeholders."""
    funds_load_file()  # the fund file of the programme (the funds pages)
    project = ProjectFactory(name="甲陶瓷窑炉技改", enterprise=enterprise)
    other_project = ProjectFactory(name="乙机械产线技改", enterprise=other_enterprise)
    pool = programme.pools.get(code="backbone")
    quota = pool.quotas.get(year=2018)
    indicator = programme.indicators.order_by("order").first()
    ids = {
        "programme_code": programme.code,
        "enterprise": enterprise.pk,
        "other_enterprise": other_enterprise.pk,
        "project": project.pk,
        "other_project": other_project.pk,
        "pool": pool.pk,
        "quota": quota.pk,
        # one record of each editable kind
        "programme": programme.pk,
        "path": pool.path_id,
        "criterion": pool.criteria.first().pk,
        "indicator": indicator.pk,
        "target": indicator.targets.first().pk,
        "town": enterprise.town_id,
        "department": Department.objects.first().pk,
        "leading_industry": programme.leading_industries.first().pk,
        "park": Park.objects.first().pk,
    }
    return World(
        users=users,
        enterprise=enterprise,
        other_enterprise=other_enterprise,
        project=project,
        other_project=other_project,
        quota=quota,
        pool=pool,
        ids=ids,
    )
