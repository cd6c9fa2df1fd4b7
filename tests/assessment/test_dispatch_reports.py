"""Generate (idempotent), edit, publish (frozen, numbered, notified), correct; the command; the files."""

import hashlib
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import DatabaseError, transaction
from docx import Document
from openpyxl import load_workbook

from accounts.models import Role
from assessment.documents import SHEETS
from assessment.models import DispatchEvent, DispatchReport, DispatchSettings, DispatchState
from assessment.services.dispatch import (
    dispatch_correct,
    dispatch_edit,
    dispatch_publish,
    generate_dispatch_report,
    generate_previous_month,
)
from core.exceptions import Conflict
from core.models import AuditLog, Notification
from reporting.models import ReportDue
from tests.assessment.support import TODAY, at, row

pytestmark = pytest.mark.django_db


def _settings(**values):
    DispatchSettings.objects.filter(pk=DispatchSettings.current().pk).update(**values)


def generate(month=3, **kwargs):
    return generate_dispatch_report(2019, month, today=TODAY, **kwargs)


def test_twice_for_a_month_gives_one_draft_regenerated(report_world, office_user):
    first = generate(actor=office_user)
    ReportDue.objects.filter(enterprise=report_world["entries"][2].enterprise).update(
        submitted_at=at(date(2019, 4, 4))
    )
    second = generate()

    assert DispatchReport.objects.count() == 1
    assert second.pk == first.pk and second.state == DispatchState.DRAFT
    assert second.snapshot["reporting"]["totals"]["on_time"] == 2  # regenerated from today's data
    assert list(DispatchEvent.objects.filter(report=first).values_list("action", flat=True)) == [
        "create",
        "regenerate",
    ]


def test_regeneration_keeps_the_sections_the_office_edited(report_world, office_user):
    report = generate()
    dispatch_edit(actor=office_user, report=report, paragraphs={"problems": "经核实，问题如下。"})
    report = generate()

    assert report.paragraphs["problems"] == "经核实，问题如下。"
    assert report.paragraphs["overview"].startswith("2019年3月，全区培育库入库对象共4个")
    assert report.edited_sections == ["problems"]


def test_publishing_numbers_freezes_stores_and_notifies(
    report_world, office_user, town_user, department_user, enterprise_user
):
    _settings(prefix="罗转升办")
    report = dispatch_publish(actor=office_user, report=generate(), issued_on=date(2019, 4, 10))

    assert report.state == DispatchState.PUBLISHED
    assert report.doc_number == "罗转升办〔2019〕1号"
    assert report.issued_on == date(2019, 4, 10) and report.published_by == office_user
    assert hashlib.sha256(report.docx_file.read()).hexdigest() == report.docx_sha256
    assert hashlib.sha256(report.xlsx_file.read()).hexdigest() == report.xlsx_sha256
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {town_user.username, department_user.username, "dept_b"} <= notified
    assert enterprise_user.username not in notified and office_user.username not in notified
    assert AuditLog.objects.filter(action="transition", object_id=str(report.pk)).exists()


def test_a_published_report_is_unchanged_after_the_data_changes(report_world, office_user):
    report = dispatch_publish(actor=office_user, report=generate(), issued_on=date(2019, 4, 10))
    frozen = (report.snapshot, report.paragraphs, report.docx_sha256)
    ReportDue.objects.update(submitted_at=at(date(2019, 4, 1)))

    again = generate()
    call_command("dispatch_report", "--month", "2019-03")
    again.refresh_from_db()

    assert again.pk == report.pk and DispatchReport.objects.count() == 1
    assert (again.snapshot, again.paragraphs, again.docx_sha256) == frozen
    with pytest.raises(PermissionDenied):
        dispatch_edit(actor=office_user, report=again, paragraphs={"overview": "改"})
    with pytest.raises(Conflict):
        dispatch_publish(actor=office_user, report=again)


def test_the_database_refuses_to_change_or_delete_a_published_report(report_world, office_user):
    report = dispatch_publish(actor=office_user, report=generate(), issued_on=date(2019, 4, 10))

    with pytest.raises(DatabaseError), transaction.atomic():
        DispatchReport.objects.filter(pk=report.pk).update(title="改过的标题")
    with pytest.raises(DatabaseError), transaction.atomic():
        DispatchReport.objects.filter(pk=report.pk).delete()
    assert DispatchReport.objects.get(pk=report.pk).title == report.title


def test_a_correction_is_a_new_numbered_report_naming_what_it_corrects(report_world, office_user):
    original = dispatch_publish(actor=office_user, report=generate(), issued_on=date(2019, 4, 10))
    correction = dispatch_correct(actor=office_user, report=original, note="傅庄街道报送数据有误。")
    with pytest.raises(Conflict):
        dispatch_correct(actor=office_user, report=original, note="再次更正")
    correction = dispatch_publish(actor=office_user, report=correction, issued_on=date(2019, 4, 20))

    assert correction.corrects == original and correction.doc_number.endswith("〔2019〕2号")
    assert correction.paragraphs["overview"].startswith(
        f"本通报更正{original.doc_number}：傅庄街道报送数据有误。"
    )
    with pytest.raises(ValidationError):
        dispatch_correct(actor=office_user, report=correction, note="")


def test_the_counter_starts_again_each_year(report_world, office_user):
    a = dispatch_publish(actor=office_user, report=generate(11), issued_on=date(2019, 12, 10))
    b = dispatch_publish(actor=office_user, report=generate(12), issued_on=date(2020, 1, 10))

    assert (a.number_year, a.number, b.number_year, b.number) == (2019, 1, 2020, 1)


def test_only_the_office_generates_and_edits(report_world, town_user, department_user):
    with pytest.raises(PermissionDenied):
        generate(actor=town_user)
    report = generate()
    with pytest.raises(PermissionDenied):
        dispatch_edit(actor=department_user, report=report, paragraphs={"overview": "x"})
    with pytest.raises(ValidationError):
        dispatch_edit(actor=_office(), report=report, paragraphs={"overview": "bad\u202etext"})


def _office():
    from tests.factories import OfficeUserFactory

    return OfficeUserFactory()


def test_the_command_and_the_task_build_the_month(report_world, capsys):
    call_command("dispatch_report", "--month", "2019-03")
    assert DispatchReport.objects.get().month == 3
    report = generate_previous_month(today=date(2019, 5, 10))
    assert (report.year, report.month) == (2019, 4)
    with pytest.raises(Exception, match="YYYY-MM"):
        call_command("dispatch_report", "--month", "2019-13")


def _docx_text(content: bytes) -> tuple[list[str], list[list[str]], object]:
    doc = Document(BytesIO(content))
    texts = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
    return texts, tables, doc


def test_the_docx_holds_the_sections_number_and_figures(report_world, office_user):
    _settings(prefix="罗转升办", copies_to="区委办公室")
    report = generate()
    dispatch_edit(actor=office_user, report=report, paragraphs={"next_steps": "（一）抓好月报报送。"})
    report = dispatch_publish(actor=office_user, report=report, issued_on=date(2019, 4, 10))
    texts, tables, doc = _docx_text(report.docx_file.read())

    assert report.doc_number in texts
    for heading in ("一、总体情况", "二、分街镇（部门）情况", "三、存在问题", "四、下步工作"):
        assert heading in texts
    assert "（一）抓好月报报送。" in texts
    assert "附件：2019年3月调度情况统计表" in texts
    assert "2019年4月10日" in texts
    assert "抄送：区委办公室。" in texts
    assert texts[0] == report.letterhead["issuer_mark"]
    header, *rows = tables[0]
    town_row = row([dict(zip(header, r, strict=True)) for r in rows], "街镇", "罗庄街道")
    db_row = row(report.snapshot["reporting"]["by_town"], "town", "罗庄街道")
    assert (town_row["入库对象"], town_row["按时报送"], town_row["逾期报送"], town_row["未报送"]) == tuple(
        str(db_row[k]) for k in ("entries", "on_time", "late", "missing")
    )
    section = doc.sections[0]
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (37, 35)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (28, 26)
    mark = doc.paragraphs[0].runs[0]
    assert str(mark.font.color.rgb) == "FF0000"
    assert (
        mark._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "方正小标宋简体"
    )
    # 页码 (7.5): a PAGE field between dashes, odd pages at the right, even pages at the left
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "RIGHT"), (section.even_page_footer, "LEFT")):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment.name == align
        xml = paragraph._p.xml
        assert 'w:instr="PAGE"' in xml and xml.count("—") == 2


def test_the_xlsx_annex_has_a_sheet_per_list_with_the_database_numbers(report_world, office_user):
    report = dispatch_publish(actor=office_user, report=generate(), issued_on=date(2019, 4, 10))
    book = load_workbook(BytesIO(report.xlsx_file.read()))

    assert book.sheetnames == list(SHEETS)
    entries = list(book["入库对象"].iter_rows(min_row=3, values_only=True))
    assert len(entries) == report.snapshot["reporting"]["totals"]["entries"] == 4
    towns = {r[0]: r for r in book["分街镇"].iter_rows(min_row=3, values_only=True)}
    assert towns["罗庄街道"][1:5] == (3, 1, 1, 1)
    assert report.doc_number in book["分街镇"]["A1"].value
    overdue = [r[2] for r in book["逾期节点"].iter_rows(min_row=3, values_only=True)]
    assert sorted(overdue) == ["m2", "m3", "m5"]


def test_notices_reach_every_unit_account(report_world, office_user, town_user, other_town_user):
    dispatch_publish(actor=office_user, report=generate(), issued_on=date(2019, 4, 10))
    from accounts.models import User

    units = User.objects.filter(is_active=True, role__in=[Role.TOWN, Role.DEPARTMENT]).count()
    assert Notification.objects.count() == units


def test_the_generate_page_drafts_the_month_once_and_leaves_a_published_one(
    report_world, office_user, client_for
):
    client = client_for(office_user)
    assert client.post("/assessment/dispatch/generate/", {"month": "2019-3x"})["Location"] == (
        "/assessment/dispatch/"
    )
    assert not DispatchReport.objects.exists()  # an invalid month: back to the list, nothing built

    response = client.post("/assessment/dispatch/generate/", {"month": "2019-03"}, follow=True)
    report = DispatchReport.objects.get()
    assert response.redirect_chain == [(f"/assessment/dispatch/{report.pk}/", 302)]
    assert "已生成2019年3月调度通报草稿" in response.content.decode()

    dispatch_publish(actor=office_user, report=report)
    response = client.post("/assessment/dispatch/generate/", {"month": "2019-03"}, follow=True)
    assert response.redirect_chain == [(f"/assessment/dispatch/{report.pk}/", 302)]
    assert "该月调度通报已印发，不再重新生成" in response.content.decode()
    assert DispatchReport.objects.count() == 1
