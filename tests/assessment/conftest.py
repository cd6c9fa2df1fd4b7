import pytest

from tests.assessment.support import dispatch_world
from tests.factories.assessment import assessment_world


@pytest.fixture
def world(town, other_town, department_user, users, other_town_user, other_enterprise_user):
    return assessment_world(town=town, other_town=other_town, department=department_user.department)


@pytest.fixture
def report_world(town, other_town, department_user):
    """The dispatch report's hand-computed month (tests/assessment/support.py)."""
    return dispatch_world(town=town, other_town=other_town, department=department_user.department)
