"""The shared writer lays every export out as officials send it upward: typed cells with their
number formats, bordered, a bold frozen header printed on every page, A4 landscape fitted to the
width, widths that fit Chinese, and a 合计 row for the columns declared to be summed."""

import datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from core.xlsx import WorkbookWriter
from core.xlsx_layout import CODE, DATE, DATETIME, INT, MONEY, PERCENT, Column


def _sheet(content: bytes):
    return load_workbook(BytesIO(content)).worksheets[0]


def _book(rows, **options):
    book = WorkbookWriter()
    sheet = book.sheet(
        "入库名单",
        columns=[
            Column("序号", INT),
            Column("企业名称"),
            Column("统一社会信用代码", CODE),
            Column("产值", MONEY, total=True),
            Column("增幅", PERCENT),
            Column("入库日期", DATE),
            Column("提交时间", DATETIME),
        ],
        **options,
    )
    for row in rows:
        sheet.append(row)
    return book.save()


ROWS = [
    [
        1,
        "临沂甲陶瓷有限公司",
        "91371311MA3C000001",
        Decimal("123456789.01"),
        Decimal("15.5"),
        datetime.date(2018, 3, 1),
        datetime.datetime(2018, 3, 1, 9, 30),
    ],
    [2, "临沂乙机械有限公司", "91371311MA3C000002", "0.02", "-3", datetime.date(2018, 3, 2), None],
    [3, "临沂丙新材料有限公司", "91371311MA3C000003", None, None, None, None],
]


def test_money_is_a_number_in_wan_with_thousands_separators_and_stays_exact():
    ws = _sheet(_book(ROWS, title="2018年名单"))
    header = [c.value for c in ws[2]]
    assert header[3] == "产值（万元）" and header[4] == "增幅（%）"
    money = ws["D3"]
    assert money.data_type == "n" and money.number_format == "#,##0.00"
    # the XML holds the Decimal's digits, not a rounded float
    assert str(money.value) == "123456789.01"
    assert ws["D4"].data_type == "n" and ws["D4"].value == 0.02  # text figures are typed as numbers
    assert ws["E3"].number_format == "0.00" and ws["E4"].value == -3


def test_dates_are_date_cells_and_codes_stay_text():
    ws = _sheet(_book(ROWS))
    assert ws["F2"].is_date and ws["F2"].number_format == "yyyy-mm-dd"
    assert ws["F2"].value == datetime.datetime(2018, 3, 1)
    assert ws["G2"].is_date and ws["G2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["C2"].data_type == "s" and ws["C2"].number_format == "@"
    assert ws["A2"].data_type == "n" and ws["A2"].number_format == "0"


def test_the_header_is_bold_frozen_bordered_and_printed_on_every_page():
    ws = _sheet(_book(ROWS, title="2018年名单"))
    assert ws["A2"].font.b and ws["A2"].border.bottom.style == "thin"
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$2:$2"
    assert ws["B3"].border.left.style == "thin" and ws["B5"].border.right.style == "thin"


def test_the_page_is_a4_landscape_fitted_to_the_width():
    ws = _sheet(_book(ROWS))
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_options.horizontalCentered is True


def test_a_total_row_sums_the_declared_columns_exactly():
    ws = _sheet(_book(ROWS, footer=True))
    values = [r for r in ws.iter_rows(values_only=True)]
    total = next(r for r in values if r[0] == "合计")
    assert Decimal(str(total[3])) == Decimal("123456789.03")
    assert total[4] is None  # a growth rate is not summed
    row = next(r for r in ws.iter_rows() if r[0].value == "合计")
    assert row[0].font.b and row[3].number_format == "#,##0.00" and row[3].font.b
    assert str(values[-1][0]).startswith("导出时间：")  # the footer follows the total


def test_no_total_row_without_a_summed_column_or_without_rows():
    book = WorkbookWriter()
    book.sheet("名单", columns=[Column("序号", INT), Column("企业名称")]).append([1, "甲"])
    assert all(r[0] != "合计" for r in _sheet(book.save()).iter_rows(values_only=True))
    assert all(r[0] != "合计" for r in _sheet(_book([])).iter_rows(values_only=True))


def test_widths_fit_chinese_text_counting_a_wide_character_as_two():
    ws = _sheet(_book(ROWS))
    assert ws.column_dimensions["B"].width >= 2 * len("临沂丙新材料有限公司")
    assert ws.column_dimensions["D"].width >= len("123,456,789.01")


def test_sheets_written_with_bare_headers_are_typed_from_their_values():
    book = WorkbookWriter()
    sheet = book.sheet("企业名录", headers=["名称", "金额", "日期"])
    sheet.append(["甲", Decimal("1234.5"), datetime.date(2020, 1, 2)])
    ws = _sheet(book.save())
    assert ws.title == "企业名录"
    assert ws["B2"].number_format == "#,##0.00" and ws["C2"].is_date
    assert ws["A2"].border.top.style == "thin" and ws.print_title_rows == "$1:$1"
