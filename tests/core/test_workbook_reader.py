"""The one Excel reader: a workbook is checked from its zip directory before it is parsed, streamed
and stopped at the row limit; an over-long cell is refused by its place and never echoed back; rows
keep the Excel row number the user sees."""

import time
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.xlsx import WorkbookError, read_xlsx

SHEET = "xl/worksheets/sheet1.xml"


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _with_sheet(content: bytes, sheet_xml: bytes) -> bytes:
    """The same package with its first sheet replaced (what a crafted file does)."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(
                item.filename, sheet_xml if item.filename == SHEET else source.read(item.filename)
            )
    return out.getvalue()


def _sheet_xml(rows_xml: bytes, tail: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:A10001"/><sheetData>' + rows_xml + tail + b"</sheetData></worksheet>"
    )


def _row(number: int, text: str) -> bytes:
    return f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{text}</t></is></c></row>'.encode()


def _upload(content: bytes, name="导入.xlsx"):
    return SimpleUploadedFile(name, content)


def test_a_zip_bomb_is_refused_from_its_directory_before_any_row_is_parsed(settings):
    # given a small file whose sheet unpacks to 40 MB of blanks, followed by XML that does not parse
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
    padding = b" " * (40 * 1024 * 1024)
    bomb = _with_sheet(_xlsx([["名称"]]), _sheet_xml(_row(1, "名称") + padding, tail=b"<broken"))
    assert len(bomb) < 200 * 1024
    # when it is read
    started = time.monotonic()
    with pytest.raises(WorkbookError) as refused:
        read_xlsx(_upload(bomb), max_rows=10)
    # then it is refused for its unpacked size (a parse would have failed on the broken XML), at once
    assert "文件解压后超过 20 MB" in str(refused.value)
    assert time.monotonic() - started < 1.0


def test_a_file_that_unpacks_far_more_than_a_workbook_does_is_refused_for_its_ratio(settings):
    settings.IMPORT_MAX_RATIO = 100
    padding = b" " * (8 * 1024 * 1024)  # deflates about a thousandfold
    bomb = _with_sheet(_xlsx([["名称"]]), _sheet_xml(_row(1, "名称") + padding, tail=b"<broken"))
    with pytest.raises(WorkbookError, match="压缩比异常（超过 100 倍）"):
        read_xlsx(_upload(bomb), max_rows=10)


def test_streaming_stops_at_the_row_limit():
    # given thousands of rows, and after them XML that no parser would get through
    rows = _row(1, "名称") + b"".join(_row(n, f"企业{n}") for n in range(2, 10002))
    content = _with_sheet(_xlsx([["名称"]]), _sheet_xml(rows, tail=b"<row r='10002'><c><broken"))
    # when read with a limit of 10 rows, then the limit is reported: the reader never reached the break
    with pytest.raises(WorkbookError, match="一次最多导入 10 行"):
        read_xlsx(_upload(content), max_rows=10)


def test_a_long_cell_is_refused_by_its_place_and_not_echoed(settings):
    settings.IMPORT_MAX_CELL_CHARS = 1000
    secret = "长" * 1001
    with pytest.raises(WorkbookError) as refused:
        read_xlsx(_upload(_xlsx([["名称", "说明"], ["甲公司", secret]])), max_rows=10)
    message = str(refused.value)
    assert "第 2 行第 B 列的内容超过 1000 个字符" in message
    assert "长长长" not in message


def test_rows_keep_their_excel_numbers_and_blank_rows_are_dropped():
    dataset = read_xlsx(
        _upload(_xlsx([["名称", "代码"], ["甲", 1], [None, None], ["乙", 2]])), max_rows=10, required=["名称"]
    )
    assert [list(r) for r in dataset] == [["甲", 1], ["乙", 2]]
    assert dataset.row_numbers == [2, 4]


def test_missing_headers_and_unreadable_files_are_named():
    with pytest.raises(WorkbookError, match="缺少列：代码"):
        read_xlsx(_upload(_xlsx([["名称"], ["甲"]])), max_rows=10, required=["名称", "代码"])
    with pytest.raises(WorkbookError, match="无法读取该 Excel 文件"):
        read_xlsx(_upload(b"PK\x03\x04 not really a zip"), max_rows=10)


@pytest.mark.django_db
def test_the_import_page_does_not_echo_a_long_cell(settings, town_user, client_for):
    # given an enterprise import whose name cell holds a very long text
    from enterprises.xlsx import headers

    settings.IMPORT_MAX_CELL_CHARS = 1000
    secret = "X" * 5000
    content = _xlsx([headers(), ["91371311MA3C000001", secret, "罗庄街道", "30"]])
    # when it is uploaded
    response = client_for(town_user).post("/enterprises/import/", {"file": _upload(content)})
    # then the page names the cell and the limit, and does not repeat the text
    page = response.content.decode()
    assert "第 2 行第 B 列的内容超过 1000 个字符" in page
    assert "XXXXXXXXXX" not in page
