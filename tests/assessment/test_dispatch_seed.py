"""seed_demo leaves the programme's years of dispatch reports: every month published and numbered but
the last year's December, a draft; a second run changes nothing."""

import pytest
from django.core.management import call_command

from assessment.models import DispatchReport, DispatchState
from programs.models import Programme

pytestmark = pytest.mark.django_db


def test_seed_demo_leaves_a_year_of_reports_and_one_draft():
    call_command("seed_demo", scale=0.02, quiet=True)
    programme = Programme.objects.current()
    year = programme.end_year
    last_year = DispatchReport.objects.filter(year=year).order_by("month")
    first = list(last_year.values_list("month", "state", "doc_number", "docx_sha256"))
    before = DispatchReport.objects.filter(year__lt=year)
    assert sorted(set(before.values_list("year", flat=True))) == programme.years[:-1]
    assert before.count() == 12 * (len(programme.years) - 1)
    assert not before.exclude(state=DispatchState.PUBLISHED).exists()
    call_command("seed_demo", scale=0.02, quiet=True)

    assert list(last_year.values_list("month", "state", "doc_number", "docx_sha256")) == first
    assert [m for m, state, *_ in first if state == DispatchState.PUBLISHED] == list(range(1, 12))
    assert [m for m, state, *_ in first if state == DispatchState.DRAFT] == [12]
    # numbered in the year of issue: the year before's December (issued on 10 January) is its 1号
    assert first[2][2] == f"罗转升办〔{year}〕4号"
    assert DispatchReport.objects.get(year=year, month=12).snapshot["reporting"]["totals"]["entries"] >= 1
