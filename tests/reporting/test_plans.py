"""Development plans (发展路径): the enterprise's goals and milestones, the town's path solution, progress."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.exceptions import Conflict
from core.models import Notification
from reporting import services
from reporting.models import DevelopmentPlan
from reporting.selectors import plan_for, plan_progress
from tests.factories import FigureFactory, PoolEntryFactory

pytestmark = pytest.mark.django_db


def test_the_plan_starts_from_the_towns_nomination_plan(entry):
    plan = plan_for(entry)
    assert plan.pk is None and plan.path_solution == entry.path_plan


def test_enterprise_writes_goals_and_milestones_town_writes_the_path_solution(
    entry, enterprise_user, town_user
):
    services.plan_update(actor=enterprise_user, nomination=entry, summary="三步走：联网、MES、智能排产")
    services.goal_save(
        actor=enterprise_user,
        nomination=entry,
        year=2018,
        metric="output",
        target=Decimal("1200"),
        description="",
    )
    services.milestone_save(
        actor=enterprise_user, nomination=entry, title="设备联网", due_on=date(2018, 6, 30)
    )
    services.plan_update(actor=town_user, nomination=entry, path_solution="协调电力增容")
    plan = DevelopmentPlan.objects.get(nomination=entry)
    assert (plan.summary, plan.path_solution) == ("三步走：联网、MES、智能排产", "协调电力增容")
    assert plan.goals.get().description == "产值"
    assert Notification.objects.filter(recipient=enterprise_user, message__contains="路径解决方案").exists()
    with pytest.raises(PermissionDenied, match="由企业制定"):
        services.goal_save(actor=town_user, nomination=entry, year=2018, description="x")
    with pytest.raises(PermissionDenied, match="申报街镇"):
        services.plan_update(actor=enterprise_user, nomination=entry, path_solution="x")


def test_goal_validation(entry, enterprise_user):
    with pytest.raises(ValidationError, match="目标年度须在 2017—2023 之间"):
        services.goal_save(actor=enterprise_user, nomination=entry, year=2030, description="x")
    with pytest.raises(ValidationError, match="请填写目标值"):
        services.goal_save(
            actor=enterprise_user, nomination=entry, year=2018, metric="output", description=""
        )
    services.goal_save(
        actor=enterprise_user,
        nomination=entry,
        year=2018,
        metric="output",
        target=Decimal("1"),
        description="",
    )
    with pytest.raises(ValidationError, match="已有此指标的目标"):
        services.goal_save(
            actor=enterprise_user,
            nomination=entry,
            year=2018,
            metric="output",
            target=Decimal("2"),
            description="",
        )


def test_only_pool_entries_have_plans(pool, enterprise, enterprise_user):
    pending = PoolEntryFactory(pool=pool, year=2018, enterprise=enterprise, state="submitted")
    with pytest.raises(Conflict, match="培育库内"):
        services.plan_update(actor=enterprise_user, nomination=pending, summary="x")


def test_progress_against_goals_uses_official_over_self(entry, enterprise_user, enterprise):
    services.goal_save(
        actor=enterprise_user,
        nomination=entry,
        year=2018,
        metric="output",
        target=Decimal("1000"),
        description="",
    )
    services.milestone_save(
        actor=enterprise_user, nomination=entry, title="A", due_on=date(2018, 3, 1), status="done"
    )
    services.milestone_save(actor=enterprise_user, nomination=entry, title="B", due_on=date(2018, 4, 1))
    FigureFactory(
        enterprise=enterprise,
        year=2018,
        month=9,
        metric="output",
        source="self",
        value=100,
        ytd=Decimal("700"),
    )
    FigureFactory(enterprise=enterprise, year=2018, month=9, metric="output", value=90, ytd=Decimal("650"))
    progress = plan_progress(plan_for(entry), today=date(2018, 10, 1))
    goal = progress["goals"][0]
    assert goal["actual"].amount == Decimal("650") and goal["completion"] == Decimal("65.0")
    assert (progress["done"], progress["overdue"], progress["total"]) == (1, 1, 2)


def test_plan_page_shows_progress_to_the_lead_department(entry, enterprise_user, department_user, client_for):
    services.milestone_save(
        actor=enterprise_user, nomination=entry, title="建成数字化车间", due_on=date(2018, 12, 31)
    )
    page = client_for(department_user).get(f"/reporting/plans/{entry.pk}/").content.decode()
    assert "建成数字化车间" in page and 'data-testid="milestone-form"' not in page
