"""The one Excel reader of the portal (core.xlsx re-exports it, beside the writer).

An upload is checked from its zip directory (uncompressed size, ratio) before it is parsed, then
streamed in read-only mode and stopped at the row limit; over-long cells are refused without being
echoed. Rows come back as a tablib Dataset (what django-import-export reads) carrying the Excel row
number of each data row in `row_numbers`.
"""

import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .text import has_control_chars

MAX_COLUMNS = 200  # columns read from an upload; no template comes near it


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
