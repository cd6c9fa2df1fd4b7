"""Fixtures of the nomination cycle: the backbone pool (骨干型) led by 区经信局, an open window,
a responsible (not lead) department, and evidence stored in a temporary private root."""

import pytest
from django.utils.functional import empty

from core.storage import private_storage
from pools import services
from programs.models import Department
from tests.factories import DepartmentUserFactory, EnterpriseFactory, NominationWindowFactory

from .support import YEAR


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Evidence and imports go to a temporary PRIVATE_MEDIA_ROOT; MEDIA_ROOT is elsewhere."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    private_storage._wrapped = empty  # the storage reads the setting when first used
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


@pytest.fixture
def backbone(programme, department_user):
    """骨干型: its lead department is the very row department_user belongs to (the loader upserts by code)."""
    pool = programme.pools.get(code="backbone")
    assert list(pool.lead_departments.values_list("pk", flat=True)) == [department_user.department_id]
    assert department_user.department.name == "区经信局"
    return pool


@pytest.fixture
def pool_of(programme):
    return lambda code: programme.pools.get(code=code)


@pytest.fixture
def open_window(programme, office_user):
    """The office opens the year's window for all pools (yesterday to a month from now)."""
    window = NominationWindowFactory.build(programme=programme, year=YEAR)
    return services.window_open(
        actor=office_user,
        programme=programme,
        year=YEAR,
        opens_on=window.opens_on,
        closes_on=window.closes_on,
    )


@pytest.fixture
def responsible_user(programme):
    """区财政局: responsible for (not leading) the backbone pool."""
    department = Department.objects.get(code="finance")
    assert department.responsible_pools.filter(code="backbone").exists()
    return DepartmentUserFactory(username="finance", department=department)


@pytest.fixture
def second_enterprise(town):
    return EnterpriseFactory(name="临沂丙新材料有限公司", town=town)
