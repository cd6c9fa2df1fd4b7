"""seed_demo's reporting data: statistics, a demo enterprise's reports and plan, dues; idempotent."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from reporting.models import DevelopmentPlan, Figure, Report, ReportDue, ReportState
from reporting.selectors import figures_for, late_by_town

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "figures": Figure.objects.count(),
        "reports": Report.objects.count(),
        "dues": ReportDue.objects.count(),
        "plans": DevelopmentPlan.objects.count(),
    }


def test_seed_is_realistic_and_idempotent():
    call_command("seed_demo", scale=0.02, quiet=True)
    first = _counts()
    call_command("seed_demo", scale=0.02, quiet=True)
    assert _counts() == first
    demo = User.objects.get(username="enterprise_1")
    reports = Report.objects.filter(enterprise=demo.enterprise)
    assert reports.filter(state=ReportState.CONFIRMED).count() == 10
    assert reports.filter(state=ReportState.SUBMITTED).count() == 1
    year = reports.first().year
    sheet = figures_for(demo.enterprise, year)
    assert sheet.get("output", 10).source == "self"
    assert sheet.get("output", 6).source == "official" and sheet.get("output", 6).large_gap(10)
    assert sheet.annual("output", year - 1).source == "official"
    assert DevelopmentPlan.objects.get(enterprise=demo.enterprise).milestones.count() == 4
    office = User.objects.get(username="office")
    assert sum(r["missing"] for r in late_by_town(office, today=timezone.localdate())) >= 1
