"""Supervision cases: recorded by the office against a town or department and its leader, proposals
decided or dismissed, a rectification reported by the unit and closed by the office."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessment import services
from assessment.models import CaseEvent, CaseState, SupervisionCase
from core.exceptions import Conflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world, office_user, town):
    return services.case_create(
        actor=office_user,
        programme=world["programme"],
        subject="town",
        unit=town,
        kind="criticism",
        reason="二季度月报按时率50%，工作推进不力。",
        leader_name="王五",
        leader_post="分管副主任",
        deadline=date(2018, 8, 31),
        trigger={"ratings": [{"year": 2018, "quarter": 2, "colour": "red"}]},
    )


def test_the_office_records_a_case_against_a_town_and_its_leader(case, town_user, other_town_user):
    assert (case.state, case.leader_name, case.leader_post) == (CaseState.OPEN, "王五", "分管副主任")
    assert list(SupervisionCase.objects.visible_to(town_user)) == [case]
    assert not SupervisionCase.objects.visible_to(other_town_user).exists()


def test_a_case_needs_a_reason_and_only_the_office_records_one(world, office_user, town_user, town):
    with pytest.raises(ValidationError):
        services.case_create(
            actor=office_user,
            programme=world["programme"],
            subject="town",
            unit=town,
            kind="talk",
            reason=" ",
        )
    with pytest.raises(PermissionDenied):
        services.case_create(
            actor=town_user, programme=world["programme"], subject="town", unit=town, kind="talk", reason="x"
        )


def test_the_town_reports_its_rectification_and_the_office_closes_it(
    case, town_user, other_town_user, office_user
):
    with pytest.raises(PermissionDenied):
        services.case_transition(actor=other_town_user, case=case, action="report", report_text="整改完成")
    with pytest.raises(ValidationError):
        services.case_transition(actor=town_user, case=case, action="report")  # nothing reported
    case = services.case_transition(
        actor=town_user, case=case, action="report", report_text="已督促企业按时报送。"
    )
    assert case.state == CaseState.REPORTED and case.reported_at
    case = services.case_transition(actor=office_user, case=case, action="return", comment="请附整改报告。")
    case = services.case_transition(actor=town_user, case=case, action="report", report_text="补充报告。")
    case = services.case_transition(actor=office_user, case=case, action="close")
    assert case.state == CaseState.CLOSED and case.closed_at
    assert list(case.events.values_list("action", flat=True)) == [
        CaseEvent.Action.CREATE,
        CaseEvent.Action.REPORT,
        CaseEvent.Action.RETURN,
        CaseEvent.Action.REPORT,
        CaseEvent.Action.CLOSE,
    ]
    with pytest.raises(Conflict):
        services.case_transition(actor=office_user, case=case, action="close")


def test_a_proposal_is_decided_with_a_deadline_or_dismissed_with_a_reason(
    world, office_user, department_user
):
    proposal = SupervisionCase.objects.create(
        programme=world["programme"],
        subject="department",
        department=department_user.department,
        kind="talk",
        state="proposed",
        reason="连续两个季度红色。",
    )
    with pytest.raises(ValidationError):
        services.case_transition(actor=office_user, case=proposal, action="dismiss")
    decided = services.case_transition(
        actor=office_user,
        case=proposal,
        action="decide",
        deadline=date(2018, 9, 30),
        leader_name="赵六",
        leader_post="局长",
    )
    assert (decided.state, decided.deadline, decided.leader_name) == (
        CaseState.OPEN,
        date(2018, 9, 30),
        "赵六",
    )
    assert list(SupervisionCase.objects.visible_to(department_user)) == [decided]
