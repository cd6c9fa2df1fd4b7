import pytest

from tests.assessment.support import dispatch_world


@pytest.fixture
def world(town, other_town, department_user):
    return dispatch_world(town=town, other_town=other_town, department=department_user.department)
