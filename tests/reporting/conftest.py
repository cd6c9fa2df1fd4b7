"""Fixtures for reporting: an enterprise in a pool for 2018 (the pool led by the department user), the
statistics bureau's and the tax bureau's staff with their import columns."""

import pytest

from tests.factories import (
    DepartmentFactory,
    DepartmentUserFactory,
    FigureGrantFactory,
    PoolEntryFactory,
    PoolFactory,
    ProgrammeFactory,
)

YEAR = 2018


@pytest.fixture
def backbone(programme):
    return programme.pools.get(code="backbone")


@pytest.fixture
def pool(db, department_user):
    """A pool of a 2017–2019 programme led by the department user's department (faster than the policy file)."""
    programme = ProgrammeFactory(code="luofa-test", start_year=2017, end_year=2019, is_current=True)
    return PoolFactory(
        programme=programme, code="smart", name="智能制造", lead_departments=[department_user.department]
    )


@pytest.fixture
def entry(pool, enterprise):
    """The enterprise is in the pool for 2018."""
    return PoolEntryFactory(pool=pool, year=YEAR, enterprise=enterprise)


@pytest.fixture
def other_entry(pool, other_enterprise):
    return PoolEntryFactory(pool=pool, year=YEAR, enterprise=other_enterprise)


@pytest.fixture
def grants(db):
    """The mapping the data migration loads (tables are flushed by browser tests, so ensure it here)."""
    from reporting.models import FigureGrant

    codes = {
        "statistics": ["output", "main_revenue", "fixed_asset_investment", "rd_spending", "employees"],
        "state_tax": ["tax"],
        "local_tax": ["tax"],
        "economy_info": ["high_end_revenue", "custom_order_value"],
        "science_tech": ["rd_spending"],
    }
    for dept, metrics in codes.items():
        for metric in metrics:
            FigureGrantFactory(department_code=dept, metric=metric)
    return FigureGrant.objects.all()


@pytest.fixture
def statistics_user(grants):
    return DepartmentUserFactory(
        username="stats", department=DepartmentFactory(code="statistics", name="区统计局")
    )


@pytest.fixture
def tax_user(grants):
    return DepartmentUserFactory(
        username="tax", department=DepartmentFactory(code="state_tax", name="罗庄区国税局")
    )
