"""The kept table of each department's enterprises (pools/reach.py) equals the rule it stands for — an
enterprise whose entry (or whose project's entry) is in a pool the department leads or is responsible
for — after every write that can change it, and the scopes that read it follow."""

import pytest

from pools import reach
from pools.models import DepartmentEnterprise
from pools.services import pool_entry_remove
from reporting.models import ReportDue
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    NominationFactory,
    PoolFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def kept() -> set[tuple[int, int]]:
    return set(DepartmentEnterprise.objects.values_list("department_id", "enterprise_id"))


@pytest.fixture
def pool(department_user):
    programme = ProgrammeFactory(code="reach-test", start_year=2017, end_year=2019, is_current=True)
    return PoolFactory(programme=programme, code="smart", lead_departments=[department_user.department])


def test_an_approved_entry_adds_its_enterprise_and_a_draft_does_not(pool, department_user, town):
    dept = department_user.department_id
    draft = NominationFactory(pool=pool, town=town)
    assert kept() == set()
    entry = NominationFactory(pool=pool, town=town, approved=True)
    assert kept() == {(dept, entry.enterprise_id)}
    assert (dept, draft.enterprise_id) not in kept()
    assert kept() == reach._pairs()


def test_a_project_entry_counts_for_the_projects_enterprise(pool, department_user, town):
    entry = NominationFactory(pool=pool, town=town, for_project=True, approved=True)
    assert kept() == {(department_user.department_id, entry.project.enterprise_id)}


def test_removal_from_the_pool_takes_the_enterprise_away_unless_another_entry_holds_it(
    pool, department_user, office_user, town
):
    dept = department_user.department_id
    first = NominationFactory(pool=pool, town=town, approved=True)
    second = NominationFactory(pool=pool, town=town, approved=True, enterprise=first.enterprise, year=2018)
    pool_entry_remove(actor=office_user, nomination=first, reason="企业已停产")
    assert kept() == {(dept, first.enterprise_id)}  # still in through the 2018 entry
    pool_entry_remove(actor=office_user, nomination=second, reason="企业已停产")
    assert kept() == set()


def test_a_deleted_entry_leaves_no_row(pool, town):
    entry = NominationFactory(pool=pool, town=town, approved=True)
    entry.delete()
    assert kept() == set()


def test_a_pools_departments_follow_its_edits(pool, department_user, town):
    entry = NominationFactory(pool=pool, town=town, approved=True)
    other = DepartmentFactory(code="science_tech", name="区科技局")
    pool.responsible_departments.add(other)
    assert kept() == {(department_user.department_id, entry.enterprise_id), (other.pk, entry.enterprise_id)}
    pool.lead_departments.remove(department_user.department)
    assert kept() == {(other.pk, entry.enterprise_id)}
    other.responsible_pools.clear()  # from the department's side: which pools is not said, so all is recounted
    assert kept() == set()
    department_user.department.led_pools.add(pool)
    assert kept() == {(department_user.department_id, entry.enterprise_id)}


def test_rebuild_repairs_a_table_that_drifted(pool, department_user, town):
    entry = NominationFactory(pool=pool, town=town, approved=True)
    stray = EnterpriseFactory(town=town)
    DepartmentEnterprise.objects.all().delete()
    DepartmentEnterprise.objects.create(department_id=department_user.department_id, enterprise=stray)
    assert reach.rebuild() == 1
    assert kept() == {(department_user.department_id, entry.enterprise_id)}
    assert reach.rebuild() == 1  # idempotent
    assert kept() == {(department_user.department_id, entry.enterprise_id)}


def test_a_department_sees_the_dues_of_its_entries_only_while_they_are_in(
    pool, department_user, office_user, town
):
    entry = NominationFactory(pool=pool, town=town, approved=True)
    outsider = EnterpriseFactory(town=town)
    mine = ReportDue.objects.create(enterprise=entry.enterprise, year=2018, month=3, due_on="2018-04-10")
    ReportDue.objects.create(enterprise=outsider, year=2018, month=3, due_on="2018-04-10")
    assert list(ReportDue.objects.visible_to(department_user)) == [mine]
    pool_entry_remove(actor=office_user, nomination=entry, reason="企业已停产")
    assert list(ReportDue.objects.visible_to(department_user)) == []
