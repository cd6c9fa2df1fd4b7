"""The one Excel writer and the one Excel reader of the portal.

Writer: every text value is written as text. A value that a spreadsheet would take for a formula
(leading = + - @, tab or carriage return) is stored as a string cell with Excel's "quote prefix", so
it shows as typed and stays text even when the cell is edited; control and bidi characters (which
openpyxl refuses and which disguise text) are dropped. Sheets get the portal's header style, an
optional title row and "导出时间" footer, and column widths that count a CJK character as two.

Reader: an upload is checked from its zip directory (uncompressed size, ratio) before it is parsed,
then streamed in read-only mode and stopped at the row limit; over-long cells are refused without
being echoed. Rows come back as a tablib Dataset (what django-import-export reads) carrying the Excel
row number of each data row in `row_numbers`.
"""

import datetime
import re
import unicodedata
import zipfile
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .text import has_control_chars
from .xlsx_layout import BORDER, CODE, Column, Styles, kind_of, set_up_page, total_row, typed

__all__ = ["Column", "WorkbookWriter", "read_xlsx", "XLSX_CONTENT_TYPE"]

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
MAX_COLUMNS = 200  # columns read from an upload; no template comes near it
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


def dataset_workbook(dataset, *, name: str, text_columns=()) -> bytes:
    """A tablib Dataset (e.g. a django-import-export export) as a one-sheet workbook."""
    book = WorkbookWriter()
    sheet = book.sheet(name, headers=dataset.headers or [], text_columns=text_columns)
    for row in dataset:
        sheet.append(row)
    return book.save()


# --- reader ------------------------------------------------------------------------------------


class WorkbookError(ValueError):
    """A workbook refused as a whole; the message is a sentence for the user."""


def _limit(name: str, given):
    return getattr(settings, name) if given is None else given


def check_zip(upload, *, max_uncompressed: int | None = None, max_ratio: int | None = None) -> None:
    """Refuse a zip (xlsx, docx) whose directory says it unpacks too large, before anything is parsed.

    Python's zipfile never reads past the sizes the directory declares, so these are real bounds."""
    max_uncompressed = _limit("IMPORT_MAX_UNCOMPRESSED_BYTES", max_uncompressed)
    max_ratio = _limit("IMPORT_MAX_RATIO", max_ratio)
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise WorkbookError(_("无法读取该 Excel 文件，请使用模板另存为 .xlsx 后重试。")) from exc
    finally:
        upload.seek(0)
    unpacked = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if len(entries) > 10000 or unpacked > max_uncompressed:
        raise WorkbookError(
            _("文件解压后超过 %(mb)d MB，请拆分后分批上传。") % {"mb": max_uncompressed // (1024 * 1024)}
        )
    if unpacked / packed > max_ratio:
        raise WorkbookError(
            _("文件的压缩比异常（超过 %(ratio)d 倍），已拒收。请另存后重试。") % {"ratio": max_ratio}
        )


def _cell(value, *, max_chars: int, row: int, column: int):
    """A cell's value; an over-long text, or one with invisible controls, is refused by its place, never
    echoed."""
    if isinstance(value, str) and len(value) > max_chars:
        raise WorkbookError(
            _("第 %(row)d 行第 %(col)s 列的内容超过 %(n)d 个字符，请删减后重试。")
            % {"row": row, "col": get_column_letter(column), "n": max_chars}
        )
    if isinstance(value, str) and has_control_chars(value, multiline=True):  # the one rule, core.text
        raise WorkbookError(
            _("第 %(row)d 行第 %(col)s 列含有不可见的控制字符或文字方向控制符，请删除后重试。")
            % {"row": row, "col": get_column_letter(column)}
        )
    return value


def read_xlsx(
    upload,
    *,
    max_rows: int | None = None,
    max_cell_chars: int | None = None,
    required=(),
    columns=None,
):
    """The first sheet of an uploaded .xlsx as a tablib Dataset, blank rows dropped; the Dataset's
    `row_numbers` holds the Excel row of each data row. `required` headers must be present; with
    `columns`, rows are laid out in that order and absent optional columns come back empty.

    Raises WorkbookError (a ValueError) with a sentence for the user."""
    import tablib

    max_rows = _limit("IMPORT_MAX_ROWS", max_rows)
    max_chars = _limit("IMPORT_MAX_CELL_CHARS", max_cell_chars)
    check_zip(upload)
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise WorkbookError(_("无法读取该 Excel 文件，请使用模板另存为 .xlsx 后重试。")) from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise WorkbookError(_("文件中没有数据行。"))
        sheet.reset_dimensions()  # the stored dimension may be wrong; read what is there
        rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
        try:
            header_row = next(rows, ())
            present = [
                "" if h is None else str(_cell(h, max_chars=max_chars, row=1, column=i)).strip()
                for i, h in enumerate(header_row, start=1)
            ]
            while present and not present[-1]:
                present.pop()
            missing = [h for h in required if h not in present]
            if missing:
                raise WorkbookError(_("缺少列：%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)})
            wanted = list(columns) if columns is not None else present
            index = {}
            for i, h in enumerate(present):
                index.setdefault(h, i)
            dataset = tablib.Dataset(headers=wanted)
            dataset.row_numbers = []
            for number, row in enumerate(rows, start=2):
                if not any(v not in (None, "") for v in row):
                    continue
                if len(dataset) >= max_rows:
                    raise WorkbookError(_("一次最多导入 %(n)d 行。") % {"n": max_rows})
                values = []
                for h in wanted:
                    i = index.get(h)
                    value = row[i] if i is not None and i < len(row) else None
                    values.append(
                        "" if value is None else _cell(value, max_chars=max_chars, row=number, column=i + 1)
                    )
                dataset.append(values)
                dataset.row_numbers.append(number)
        except WorkbookError:
            raise
        except Exception as exc:  # a sheet that breaks while streaming is as unreadable as a broken file
            raise WorkbookError(_("无法读取该 Excel 文件，请使用模板另存为 .xlsx 后重试。")) from exc
    finally:
        book.close()
    if not len(dataset):
        raise WorkbookError(_("文件中没有数据行。"))
    return dataset


def excel_row(dataset, index: int) -> int:
    """The Excel row of data row `index` (0-based) of a Dataset from read_xlsx (row 1 is the header)."""
    numbers = getattr(dataset, "row_numbers", None)
    return numbers[index] if numbers and index < len(numbers) else index + 2
