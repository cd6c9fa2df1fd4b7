"""seed_demo leaves a year of dispatch reports: January–November published and numbered, December a
draft; a second run changes nothing."""

import pytest
from django.core.management import call_command

from assessment.models import DispatchReport, DispatchState
from programs.models import Programme

pytestmark = pytest.mark.django_db


def test_seed_demo_leaves_a_year_of_reports_and_one_draft():
    call_command("seed_demo", scale=0.02, quiet=True)
    first = list(
        DispatchReport.objects.order_by("month").values_list("month", "state", "doc_number", "docx_sha256")
    )
    call_command("seed_demo", scale=0.02, quiet=True)

    year = Programme.objects.current().end_year
    assert (
        list(
            DispatchReport.objects.order_by("month").values_list(
                "month", "state", "doc_number", "docx_sha256"
            )
        )
        == first
    )
    assert [m for m, state, *_ in first if state == DispatchState.PUBLISHED] == list(range(1, 12))
    assert [m for m, state, *_ in first if state == DispatchState.DRAFT] == [12]
    assert first[2][2] == f"罗转升办〔{year}〕3号"
    assert DispatchReport.objects.get(month=12).snapshot["reporting"]["totals"]["entries"] >= 1
