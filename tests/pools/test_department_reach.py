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
    other.responsible_pools.clear()  # from the department's side
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


# --- a pool's departments edited: only the departments named change, by set-based statements ------


@pytest.fixture
def two_pools(department_user, town):
    """Two pools the department leads, each with an approved entry (one for a project), and an
    enterprise entered in both."""
    programme = ProgrammeFactory(code="reach-edit", start_year=2017, end_year=2019, is_current=True)
    dept = department_user.department
    smart = PoolFactory(programme=programme, code="smart", lead_departments=[dept])
    green = PoolFactory(programme=programme, code="green", lead_departments=[dept])
    only_smart = NominationFactory(pool=smart, town=town, approved=True)
    project = NominationFactory(pool=smart, town=town, for_project=True, approved=True)
    both = NominationFactory(pool=smart, town=town, approved=True)
    NominationFactory(pool=green, town=town, approved=True, enterprise=both.enterprise)
    NominationFactory(pool=smart, town=town)  # a draft: never counted
    return {
        "smart": smart,
        "green": green,
        "only_smart": only_smart.enterprise_id,
        "project": project.project.enterprise_id,
        "both": both.enterprise_id,
    }


def of(department) -> set[int]:
    return {e for d, e in kept() if d == department.pk}


def test_a_department_added_to_a_pool_gets_the_pools_enterprises(two_pools):
    science = DepartmentFactory(code="science_tech", name="区科技局")
    two_pools["smart"].responsible_departments.add(science)
    assert of(science) == {two_pools["only_smart"], two_pools["project"], two_pools["both"]}
    assert kept() == reach._pairs()


def test_a_department_removed_keeps_what_another_of_its_pools_justifies(two_pools, department_user):
    dept = department_user.department
    two_pools["smart"].lead_departments.remove(dept)
    assert of(dept) == {two_pools["both"]}  # still in through the green pool
    assert kept() == reach._pairs()


def test_a_department_that_still_holds_the_pool_the_other_way_keeps_its_rows(two_pools, department_user):
    dept = department_user.department
    smart = two_pools["smart"]
    smart.responsible_departments.add(dept)
    smart.lead_departments.remove(dept)
    assert of(dept) == {two_pools["only_smart"], two_pools["project"], two_pools["both"]}
    assert kept() == reach._pairs()


def test_the_departments_side_of_the_relation_is_followed(two_pools, department_user):
    dept = department_user.department
    science = DepartmentFactory(code="science_tech", name="区科技局")
    science.responsible_pools.add(two_pools["green"])
    assert of(science) == {two_pools["both"]}
    science.led_pools.add(two_pools["smart"])
    assert of(science) == {two_pools["only_smart"], two_pools["project"], two_pools["both"]}
    science.led_pools.remove(two_pools["smart"])
    assert of(science) == {two_pools["both"]}
    dept.led_pools.remove(two_pools["green"])
    assert of(dept) == {two_pools["only_smart"], two_pools["project"], two_pools["both"]}
    assert kept() == reach._pairs()


def test_a_pools_departments_cleared_leave_the_others_as_they_were(two_pools, department_user):
    dept = department_user.department
    science = DepartmentFactory(code="science_tech", name="区科技局")
    smart = two_pools["smart"]
    smart.responsible_departments.add(science)
    smart.lead_departments.clear()
    assert of(dept) == {two_pools["both"]}
    assert of(science) == {two_pools["only_smart"], two_pools["project"], two_pools["both"]}
    assert kept() == reach._pairs()


def test_a_departments_pools_cleared_from_its_side(two_pools, department_user):
    dept = department_user.department
    science = DepartmentFactory(code="science_tech", name="区科技局")
    science.responsible_pools.add(two_pools["smart"])
    dept.led_pools.clear()
    assert of(dept) == set()
    assert of(science) == {two_pools["only_smart"], two_pools["project"], two_pools["both"]}
    assert kept() == reach._pairs()


def test_an_edit_leaves_the_rows_of_the_other_departments_untouched(two_pools, department_user):
    # given the department's rows, then another department joins and leaves the pool
    rows = DepartmentEnterprise.objects.filter(department=department_user.department)
    mine = set(rows.values_list("pk", flat=True))
    science = DepartmentFactory(code="science_tech", name="区科技局")
    two_pools["smart"].responsible_departments.add(science)
    two_pools["smart"].responsible_departments.remove(science)
    # then the department's rows are the same rows, not deleted and written again
    assert set(rows.values_list("pk", flat=True)) == mine


def test_a_sequence_of_edits_ends_where_a_rebuild_does(two_pools, department_user):
    dept = department_user.department
    science = DepartmentFactory(code="science_tech", name="区科技局")
    finance = DepartmentFactory(code="finance", name="区财政局")
    smart, green = two_pools["smart"], two_pools["green"]
    smart.responsible_departments.add(science, finance)
    green.lead_departments.add(science)
    smart.lead_departments.remove(dept)
    finance.responsible_pools.add(green)
    science.led_pools.clear()
    smart.responsible_departments.set([dept])
    green.lead_departments.clear()
    incremental = kept()
    reach.rebuild()
    assert incremental == kept()


@pytest.mark.parametrize("entries", [3, 30])
def test_an_edit_of_a_pools_departments_costs_the_same_at_any_size(
    entries, department_user, town, django_assert_max_num_queries
):
    # given a pool with 3 or 30 entries
    programme = ProgrammeFactory(code="reach-size", start_year=2017, end_year=2019, is_current=True)
    pool = PoolFactory(programme=programme, code="smart", lead_departments=[department_user.department])
    NominationFactory.create_batch(entries, pool=pool, town=town, approved=True)
    science = DepartmentFactory(code="science_tech", name="区科技局")
    # when departments are added, removed and cleared, then each costs the same few statements
    # (Django's own: the pairs already there and the insert; the delete; the clear) + one statement here
    with django_assert_max_num_queries(3):
        pool.responsible_departments.add(science)
    with django_assert_max_num_queries(2):
        pool.responsible_departments.remove(science)
    with django_assert_max_num_queries(3):  # + which departments the clear takes, read before it
        pool.lead_departments.clear()
    with django_assert_max_num_queries(3):
        science.led_pools.add(pool)
    with django_assert_max_num_queries(3):
        science.led_pools.clear()
    assert kept() == set()
