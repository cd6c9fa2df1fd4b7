import pytest


@pytest.fixture
def funds(programme):
    """The fund file of 罗发〔2016〕23号 loaded, as seed_demo does: {code: SubFund}."""
    from funds.loader import funds_load_file

    fund = funds_load_file()
    return {s.code: s for s in fund.sub_funds.all()}


@pytest.fixture
def agency_user(programme):
    from programs.models import Department
    from tests.factories import DepartmentUserFactory

    return DepartmentUserFactory(username="fund_a", department=Department.objects.get(code="fund_manager"))


@pytest.fixture
def second_agency_user(programme):
    from programs.models import Department
    from tests.factories import DepartmentUserFactory

    return DepartmentUserFactory(username="fund_b", department=Department.objects.get(code="fund_manager"))
