"""The one Excel writer and the one Excel reader of the portal.

Writer: every text value is written as text. A value that a spreadsheet would take for a formula
(leading = + - @, tab or carriage return) is stored as a string cell with Excel's "quote prefix", so
it shows as typed and stays text even when the cell is edited; control and bidi characters (which
openpyxl refuses and which disguise text) are dropped. Sheets get the portal's header style, an
optional title row and "导出时间" footer, and column widths that count a CJK character as two.

Reader: core/xlsx_reader.py (checked from its zip directory, streamed, limited), re-exported here so
every import and export names one module.
"""

import datetime
import re
import unicodedata
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .xlsx_layout import BORDER, CODE, Column, Styles, kind_of, set_up_page, total_row, typed
from .xlsx_reader import WorkbookError, check_zip, excel_row, read_xlsx

__all__ = [
    "Column",
    "WorkbookError",
    "WorkbookWriter",
    "XLSX_CONTENT_TYPE",
    "check_zip",
    "excel_row",
    "read_xlsx",
]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="FDECEA")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
TITLE_FONT = Font(bold=True, size=14)
TITLE_ALIGNMENT = Alignment(horizontal="center")

# C0 controls but tab and newline, DEL and C1 controls, bidi marks/embeddings/overrides/isolates,
# lone surrogates and the two non-characters XML refuses.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE_ROWS = 200  # rows looked at to size the columns
MIN_WIDTH, MAX_WIDTH = 6, 60
_SHEET_TITLE_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def safe_text(value) -> str:
    """Text as a cell may hold it: control and bidi characters dropped, line ends as \\n."""
    text = str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", text)


def looks_like_formula(text: str) -> bool:
    """What a spreadsheet may evaluate, now or once the cell is edited (leading blanks included)."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS[:4])


def display_width(text: str) -> int:
    """Width in Excel's character units: a CJK (wide) character counts two."""
    longest = 0
    for line in str(text).split("\n"):
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        longest = max(longest, width)
    return longest


def sheet_title(text: str) -> str:
    return _SHEET_TITLE_UNSAFE.sub("_", safe_text(text)).strip("'")[:31] or "Sheet"


def _plain(value):
    """A value openpyxl writes as it is (numbers, dates, None), or text."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | datetime.time):
        return value
    return safe_text(value)


class SheetWriter:
    """One worksheet of a WorkbookWriter. Rows are buffered until the column widths are known (the
    write-only format needs them before the first row), then streamed.

    Declare `columns` (core.xlsx_layout.Column) to type each column (money, dates, codes) and to get a
    合计 row for the columns marked `total`; bare `headers` type each cell from its value. Either way
    data cells are bordered, the header is bold, frozen and printed on every page, A4 landscape."""

    def __init__(
        self,
        book,
        name: str,
        *,
        headers=(),
        columns=None,
        title=None,
        widths=None,
        text_columns=(),
        footer=False,
        landscape=True,
    ):
        self._ws = book.create_sheet(sheet_title(name))
        self._columns: list[Column] | None = list(columns) if columns else None
        text_columns = set(text_columns)
        if self._columns:
            headers = [c.title for c in self._columns]
            widths = widths or [c.width for c in self._columns]
            text_columns |= {i for i, c in enumerate(self._columns, start=1) if c.kind == CODE}
        self._headers = [safe_text(h) for h in headers]
        self._title = safe_text(title) if title else None
        self._widths = list(widths) if widths else None
        self._text_columns = text_columns  # 1-based columns formatted as text ("@")
        self._footer = footer
        self._landscape = landscape
        self._styles = Styles(self._ws)
        self._sums: dict[int, Decimal] = {}
        self._pending: list[list] = []
        self._started = False
        self.rows = 0  # data rows written

    def append(self, values) -> None:
        """A data row; text is made safe, numbers and dates stay numbers and dates, every cell bordered
        and formatted by its column's kind."""
        row = []
        for i, value in enumerate(values):
            column = self._columns[i] if self._columns and i < len(self._columns) else None
            if column is not None:
                kind, value = column.kind, typed(_plain(value), column.kind)
                if column.total and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    self._sums[i] = self._sums.get(i, Decimal(0)) + Decimal(str(value))
            else:
                value = _plain(value)
                kind = CODE if i + 1 in self._text_columns and isinstance(value, str) else kind_of(value)
            quote = isinstance(value, str) and looks_like_formula(value)
            row.append(self._styles.cell(value, kind, quote=quote))
        self._put(row)
        self.rows += 1

    def header(self, values) -> None:
        """A row in the header style (e.g. a table of allowed values on a notes sheet)."""
        self._put([self._styled(safe_text(v), header=True) for v in values])

    def note(self, text: str = "") -> None:
        self._put([safe_text(text)] if text else [])

    def _put(self, row: list) -> None:
        if self._started:
            self._ws.append(self._cells(row))
        else:
            self._pending.append(row)
            if len(self._pending) >= WIDTH_SAMPLE_ROWS:
                self._start()

    def _styled(self, value, *, header=False, title=False, text_format=False):
        cell = WriteOnlyCell(self._ws, value=value)
        if isinstance(value, str) and looks_like_formula(value):
            cell.data_type, cell.quotePrefix = "s", True
        if header:
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
            cell.border = BORDER
        if title:
            cell.font, cell.alignment = TITLE_FONT, TITLE_ALIGNMENT
        if text_format:
            cell.number_format = "@"
        return cell

    def _cells(self, row: list) -> list:
        out = []
        for column, value in enumerate(row, start=1):
            if isinstance(value, Cell):
                out.append(value)
            elif isinstance(value, str) and (looks_like_formula(value) or column in self._text_columns):
                out.append(self._styled(value, text_format=column in self._text_columns))
            else:
                out.append(value)
        return out

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        ws = self._ws
        count = max([len(self._headers), *[len(r) for r in self._pending]])
        measured = self._measure(count)
        for column in range(1, count + 1):
            dimension = ws.column_dimensions[get_column_letter(column)]
            given = self._widths[column - 1] if self._widths and column <= len(self._widths) else None
            dimension.width = given or measured[column - 1]
            if column in self._text_columns:
                dimension.number_format = "@"  # what officials type into the column stays text
        header_row = (2 if self._title else 1) if self._headers else None
        if header_row:  # set before the first row: the write-only format writes views first
            ws.freeze_panes = f"A{header_row + 1}"
        set_up_page(ws, header_row=header_row, landscape=self._landscape and bool(self._headers))
        if self._title:
            ws.append([self._styled(self._title, title=True)])
            if count > 1:
                ws.merged_cells.add(f"A1:{get_column_letter(count)}1")
        if self._headers:
            ws.append([self._styled(h, header=True) for h in self._headers])
        for row in self._pending:
            ws.append(self._cells(row))
        self._pending = []

    def _measure(self, count: int) -> list[int]:
        widths = [MIN_WIDTH] * count
        for row in [self._headers, *self._pending[:WIDTH_SAMPLE_ROWS]]:
            if len(row) == 1 and count > 1:
                continue  # a note or title line spans the sheet; it does not size column A
            for i, value in enumerate(row):
                value = value.value if isinstance(value, Cell) else value
                if value is None:
                    continue
                widths[i] = max(widths[i], min(display_width(_shown(value)) + 2, MAX_WIDTH))
        return widths

    def close(self) -> None:
        self._start()
        if self._columns and self.rows and any(c.total for c in self._columns):
            self._ws.append(total_row(self._columns, self._sums, self._styles))
        if self._footer:
            self._ws.append([])
            self._ws.append([_("导出时间：%(time)s") % {"time": f"{timezone.localtime():%Y-%m-%d %H:%M}"}])


def _shown(value) -> str:
    """The text a cell shows, for sizing its column."""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        return f"{value:,.2f}"
    return str(value)


class WorkbookWriter:
    """A write-only workbook (bounded memory for large exports) of SheetWriters:

    book = WorkbookWriter()
    sheet = book.sheet("企业名录", headers=[...], title="…名单", footer=True)
    sheet.append([...])
    content = book.save()
    """

    def __init__(self):
        self._book = Workbook(write_only=True)
        self._sheets: list[SheetWriter] = []

    def sheet(self, name: str, **options) -> SheetWriter:
        sheet = SheetWriter(self._book, name, **options)
        self._sheets.append(sheet)
        return sheet

    def save(self) -> bytes:
        for sheet in self._sheets:
            sheet.close()
        if not self._sheets:
            self.sheet("Sheet").close()
        buffer = BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()


# --- reader ------------------------------------------------------------------------------------
