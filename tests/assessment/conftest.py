import pytest

from tests.factories.assessment import assessment_world


@pytest.fixture
def world(town, other_town, department_user, users, other_town_user, other_enterprise_user):
    return assessment_world(town=town, other_town=other_town, department=department_user.department)
