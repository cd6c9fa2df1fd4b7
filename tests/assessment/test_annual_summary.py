"""The annual summary (一年一总结): the compiled figures of a hand-made year, idempotent generation, a
published summary frozen, the .docx and .xlsx, the command (its pages: test_annual_pages.py)."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from assessment.documents.annual import SHEETS
from assessment.models import (
    AnnualEvent,
    AnnualSummary,
    DispatchCounter,
    QuarterlyReview,
    Result,
    ReviewRating,
    SupervisionCase,
)
from assessment.selectors.annual import annual_figures
from assessment.services.annual import annual_edit, annual_publish, generate_annual_summary
from tests.assessment.annual_support import TODAY, YEAR, published_summary
from tests.factories import TownFactory

pytestmark = pytest.mark.django_db


def _row(rows, key, value):
    return next(r for r in rows if r[key] == value)


def test_the_figures_of_a_hand_made_year(year_world, town, other_town, department_user):
    s = annual_figures(year_world["programme"], YEAR, today=TODAY)

    m = s["monthly"]
    assert [r["month"] for r in m["months"]] == [3, 4]  # the draft May is not counted
    assert [r["doc_number"] for r in m["months"]] == ["罗转升办〔2019〕4号", "罗转升办〔2019〕5号"]
    assert m["totals"] == {
        "entries": 8,
        "on_time": 6,
        "late": 1,
        "missing": 1,
        "due": 3,
        "done": 2,
        "on_time_rate": "75.0",
        "overdue": 2,  # at the end of April, the last published month
        "last_month": 4,
    }
    luozhuang = _row(m["by_town"], "town", town.name)
    assert (luozhuang["entries"], luozhuang["on_time"], luozhuang["late"], luozhuang["missing"]) == (
        6,
        4,
        1,
        1,
    )
    assert (luozhuang["on_time_rate"], luozhuang["overdue"]) == ("66.7", 2)
    assert _row(m["by_town"], "town", other_town.name)["on_time_rate"] == "100.0"
    assert m["figures"]["metrics"][0]["completion"] == "30.0"  # the key figures of April

    r = s["reviews"]
    assert r["quarters"] == [1]
    assert r["counts"] == {"green": 1, "yellow": 1, "red": 1}
    assert _row(r["units"], "unit", town.name)["colours"] == {"1": "red"}
    assert _row(r["units"], "unit", department_user.department.name)["colours"] == {"1": "yellow"}

    assert len(s["runs"]) == 1  # the run still rating is left out
    run = s["runs"][0]
    assert run["scheme"] == "街镇考核"
    assert [(x["unit"], x["total"], x["grade"], x["rank"]) for x in run["results"]] == [
        (town.name, "95.00", "优秀", 1),
        (other_town.name, "70.00", "合格", 2),
    ]
    assert sorted((g["grade"], g["count"]) for g in run["grades"]) == [("优秀", 1), ("合格", 1)]
    assert run["top"][0]["unit"] == town.name

    sv = s["supervision"]
    assert (sv["total"], sv["closed"], sv["open"]) == (1, 0, 1)  # the proposal is left out
    assert sv["cases"][0]["unit"] == town.name
    assert sv["cases"][0]["deadline"] == "2019-06-30"


def test_the_queries_do_not_grow_with_the_year(year_world, town):
    programme = year_world["programme"]
    with CaptureQueriesContext(connection) as small:
        annual_figures(programme, YEAR, today=TODAY)
    for i in range(3):
        extra = TownFactory(code=f"extra{i}", name=f"新增{i}镇")
        review = (
            QuarterlyReview.objects.create(
                programme=programme,
                year=YEAR,
                quarter=3 + (i % 2),
                state="confirmed",
                as_of=date(YEAR, 9, 30),
            )
            if i < 2
            else QuarterlyReview.objects.get(programme=programme, year=YEAR, quarter=3)
        )
        ReviewRating.objects.create(
            review=review, subject="town", town=extra, proposed="green", colour="green"
        )
        SupervisionCase.objects.create(
            programme=programme, subject="town", town=extra, kind="talk", state="closed", reason="整改"
        )
    with CaptureQueriesContext(connection) as large:
        s = annual_figures(programme, YEAR, today=TODAY)
    assert s["supervision"]["total"] == 1  # the new cases are registered now, not in 2019
    assert s["reviews"]["quarters"] == [1, 3, 4]
    assert len(small.captured_queries) == len(large.captured_queries) == 5


def test_generation_is_idempotent_and_keeps_the_edited_sections(year_world, office_user):
    first = generate_annual_summary(YEAR, actor=office_user, today=TODAY)
    annual_edit(actor=office_user, summary=first, paragraphs={"next_year": "（一）抓好明年工作。"})
    again = generate_annual_summary(YEAR, actor=office_user, today=TODAY)

    assert again.pk == first.pk
    assert AnnualSummary.objects.count() == 1
    assert again.paragraphs["next_year"] == "（一）抓好明年工作。"
    assert again.paragraphs["overview"].startswith("2019年共印发调度通报2期")
    assert "全年按时报送率75.0%" in again.paragraphs["overview"]
    assert list(AnnualEvent.objects.filter(summary=again).values_list("action", flat=True)) == [
        "create",
        "edit",
        "regenerate",
    ]


def test_a_published_summary_is_numbered_and_unchanged_after_data_changes(year_world, office_user):
    summary = generate_annual_summary(YEAR, actor=office_user, today=TODAY)
    summary = annual_publish(actor=office_user, summary=summary, issued_on=date(YEAR, 12, 31))

    assert summary.doc_number == "罗转升办〔2019〕6号"  # the dispatch reports' counter, continued
    assert DispatchCounter.objects.get(year=YEAR).last_number == 6
    assert len(summary.docx_sha256) == 64 and len(summary.xlsx_sha256) == 64
    before = (summary.snapshot, summary.paragraphs, summary.docx_sha256)

    Result.objects.filter(run__year=YEAR).update(total=10)
    SupervisionCase.objects.filter(state="open").update(state="closed")
    again = generate_annual_summary(YEAR, today=TODAY)
    again.refresh_from_db()
    assert (again.snapshot, again.paragraphs, again.docx_sha256) == before
    assert again.snapshot["runs"][0]["results"][0]["total"] == "95.00"
    with pytest.raises(PermissionDenied):
        annual_edit(actor=office_user, summary=again, paragraphs={"overview": "改"})


def test_the_database_refuses_to_change_or_delete_a_published_summary(year_world, office_user):
    summary = generate_annual_summary(YEAR, actor=office_user, today=TODAY)
    summary = annual_publish(actor=office_user, summary=summary, issued_on=date(YEAR, 12, 31))

    with pytest.raises(DatabaseError), transaction.atomic():
        AnnualSummary.objects.filter(pk=summary.pk).update(title="改过的标题")
    with pytest.raises(DatabaseError), transaction.atomic():
        AnnualSummary.objects.filter(pk=summary.pk).delete()
    assert AnnualSummary.objects.get(pk=summary.pk).title == summary.title


def test_the_docx_holds_the_sections_and_the_number(year_world, office_user, town):
    summary = published_summary(office_user)
    doc = Document(BytesIO(summary.docx_file.read()))
    texts = [p.text for p in doc.paragraphs]

    assert texts[0] == summary.letterhead["issuer_mark"]
    assert "罗转升办〔2019〕6号" in texts
    for heading in (
        "一、全年总体情况",
        "二、分街镇（部门）情况",
        "三、考核与督查",
        "四、存在问题",
        "五、明年工作",
    ):
        assert heading in texts
    assert "（一）抓好明年工作。" in texts
    assert "2019年12月31日" in texts
    header, *rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    luozhuang = dict(zip(header, next(r for r in rows if r[0] == town.name), strict=True))
    assert (luozhuang["应报月报"], luozhuang["按时报送率"], luozhuang["逾期节点"]) == ("6", "66.7%", "2")
    section = doc.sections[0]
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)


def test_the_xlsx_annex_has_the_four_sheets(year_world, office_user, town):
    summary = published_summary(office_user)
    book = load_workbook(BytesIO(summary.xlsx_file.read()))

    assert book.sheetnames == list(SHEETS) == ["月度报送", "季度点评", "年度考核", "督查整改"]
    months = [r for r in book["月度报送"].iter_rows(values_only=True) if r[0] in ("3月", "4月", "全年")]
    assert [(r[0], r[2], r[3]) for r in months] == [("3月", 4, 2), ("4月", 4, 4), ("全年", 8, 6)]
    assert (town.name, "红", None, None, None) in [
        tuple(None if v in ("", None) else v for v in r) for r in book["季度点评"].iter_rows(values_only=True)
    ]
    results = [r for r in book["年度考核"].iter_rows(values_only=True) if r[0] == "街镇考核"]
    assert [(r[1], r[2], float(r[3]), r[4]) for r in results] == [
        (1, town.name, 95.0, "优秀"),
        (2, "傅庄街道", 70.0, "合格"),
    ]
    cases = [r for r in book["督查整改"].iter_rows(values_only=True) if r[0] == town.name]
    assert [(r[1], r[4]) for r in cases] == [("约谈", "整改中")]


def test_the_command_builds_the_draft(year_world, capsys):
    call_command("annual_summary", "--year", str(YEAR))
    call_command("annual_summary", "--year", str(YEAR))
    assert AnnualSummary.objects.filter(year=YEAR, state="draft").count() == 1
    assert "2019 draft" in capsys.readouterr().out


def test_generating_for_a_department_user_is_refused(year_world, department_user):
    with pytest.raises(PermissionDenied):
        generate_annual_summary(YEAR, actor=department_user, today=TODAY)
    assert not AnnualSummary.objects.exists()


def test_the_demo_leaves_one_draft_of_the_demo_year(year_world):
    from portal.demo_annual import seed_annual

    programme = year_world["programme"]
    first = seed_annual(programme)
    again = seed_annual(programme)

    assert first["annual"] == again["annual"]
    assert list(AnnualSummary.objects.values_list("year", "state")) == [(programme.end_year, "draft")]
