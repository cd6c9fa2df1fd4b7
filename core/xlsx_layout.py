"""How an exported sheet looks when it is sent upward: typed columns with their number formats, thin
borders, a bold header repeated on every printed page, A4 landscape fitted to the page width, and a
合计 row for the columns whose sum means something. Used by core.xlsx.SheetWriter.

A column is declared once (`Column("总投资", MONEY, total=True)`); the writer turns the value of each
cell into the cell type of that kind (Decimal money is written exactly, dates as date cells).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

# Kinds of column. TEXT is wrapped text; CODE stays text even when it is all digits (信用代码, 电话).
TEXT, CODE, INT, COUNT, MONEY, NUMBER, PERCENT, DATE, DATETIME = (
    "text",
    "code",
    "int",
    "count",
    "money",
    "number",
    "percent",
    "date",
    "datetime",
)
NUMBER_FORMATS = {
    CODE: "@",
    INT: "0",  # 序号, 年度: no thousands separator
    COUNT: "#,##0",
    MONEY: "#,##0.00",  # 万元 (the unit is in the header), thousands separated, two places
    NUMBER: "#,##0.00",
    PERCENT: "0.00",  # a percentage's number (15 means 15%), as officials type it
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
}
NUMERIC_KINDS = frozenset({INT, COUNT, MONEY, NUMBER, PERCENT})
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TEXT_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
CENTER_ALIGNMENT = Alignment(horizontal="center", vertical="center")
NUMBER_ALIGNMENT = Alignment(vertical="center")
TOTAL_FONT = Font(bold=True)


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, its kind (how values are typed and formatted), an
    optional width in Excel units, and whether a 合计 row sums it. A MONEY column's header says 万元."""

    header: str
    kind: str = TEXT
    width: int | None = None
    total: bool = False

    @property
    def title(self) -> str:
        if self.kind == MONEY and "万元" not in self.header:
            return f"{self.header}（{_('万元')}）"
        if self.kind == PERCENT and "%" not in self.header:
            return f"{self.header}（%）"
        return self.header


def kind_of(value) -> str:
    """The kind of an undeclared column's value (sheets written with bare headers)."""
    if isinstance(value, bool):
        return TEXT
    if isinstance(value, int):
        return INT
    if isinstance(value, Decimal | float):
        return NUMBER
    if isinstance(value, datetime.datetime):
        return DATETIME
    if isinstance(value, datetime.date):
        return DATE
    return TEXT


def typed(value, kind: str):
    """A value as the kind's cell holds it: numbers stay exact Decimals, dates stay dates, 是/否 text."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if kind in NUMERIC_KINDS and isinstance(value, str):
        try:
            return Decimal(value.replace(",", ""))
        except ArithmeticError:
            return value
    if kind == DATE and isinstance(value, datetime.datetime):
        return value.date()
    return value


class Styles:
    """The style of each kind of cell, made once per sheet and copied onto each cell (assigning
    fonts and borders cell by cell would cost a lookup for every cell of a large export)."""

    def __init__(self, ws):
        self._ws = ws
        self._arrays: dict[tuple, object] = {}

    def cell(self, value, kind: str, *, total: bool = False, quote: bool = False):
        key = (kind, total, quote)
        array = self._arrays.get(key)
        if array is None:
            sample = WriteOnlyCell(self._ws)
            sample.border = BORDER
            if kind in NUMBER_FORMATS:
                sample.number_format = NUMBER_FORMATS[kind]
            sample.alignment = (
                NUMBER_ALIGNMENT
                if kind in NUMERIC_KINDS
                else CENTER_ALIGNMENT
                if kind in (DATE, DATETIME)
                else TEXT_ALIGNMENT
            )
            if total:
                sample.font = TOTAL_FONT
            if quote:
                sample.quotePrefix = True
            array = self._arrays[key] = sample._style
        cell = WriteOnlyCell(self._ws, value=value)
        cell._style = array.__copy__()
        if quote:
            cell.data_type = "s"
        return cell


def set_up_page(ws, *, header_row: int | None, landscape: bool = True) -> None:
    """A4, fitted to the page width (as many pages down as needed), the header row printed on every
    page, centred, with page numbers in the footer."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = (
        Worksheet.ORIENTATION_LANDSCAPE if landscape else Worksheet.ORIENTATION_PORTRAIT
    )
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = _("第 &P 页，共 &N 页")
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"


def total_row(columns: list[Column], sums: dict[int, Decimal], styles: Styles) -> list:
    """The 合计 row: the label in the first column that is not summed, each summed column's total."""
    label_at = next((i for i, c in enumerate(columns) if not c.total), None)
    row = []
    for i, column in enumerate(columns):
        if i == label_at:
            row.append(styles.cell(_("合计"), TEXT, total=True))
        elif column.total:
            row.append(styles.cell(sums.get(i, Decimal(0)), column.kind, total=True))
        else:
            row.append(styles.cell(None, TEXT, total=True))
    return row
