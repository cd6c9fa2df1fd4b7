import pytest

from tests.assessment.annual_support import annual_world, summaries_of
from tests.assessment.support import dispatch_world
from tests.factories.assessment import assessment_world


@pytest.fixture
def world(town, other_town, department_user, users, other_town_user, other_enterprise_user):
    return assessment_world(town=town, other_town=other_town, department=department_user.department)


@pytest.fixture
def report_world(town, other_town, department_user):
    """The dispatch report's hand-computed month (tests/assessment/support.py)."""
    return dispatch_world(town=town, other_town=other_town, department=department_user.department)


@pytest.fixture
def year_world(town, other_town, department_user):
    """The annual summary's hand-made year (tests/assessment/annual_support.py)."""
    return annual_world(town, other_town, department_user.department)


@pytest.fixture
def summaries(year_world, office_user):
    """A published summary of the year and a draft of the next."""
    return summaries_of(year_world, office_user)
