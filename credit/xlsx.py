"""xlsx files of the credit system: a department's import template, and the ratings export."""

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core.imports import load_xlsx
from enterprises.uscc import make_uscc

from .models import RecordKind
from .resources import CreditRecordResource

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="FDECEA")


def headers() -> list[str]:
    return [CreditRecordResource.fields[name].column_name for name in CreditRecordResource.COLUMNS]


def _bold_header(ws, row: int = 1) -> None:
    for cell in ws[row]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL


def records_template(*, actor) -> bytes:
    kinds = list(RecordKind.objects.writable_by(actor))
    wb = Workbook()
    ws = wb.active
    ws.title = "信用记录"
    ws.append(headers())
    _bold_header(ws)
    if kinds:
        kind = kinds[0]
        ws.append(
            [
                make_uscc("371311", 1),
                "",
                kind.name,
                kind.severities[0][1],
                "示例：未按期申报纳税",
                f"{timezone.localdate():%Y-%m-%d}",
                "罗地税罚〔2017〕1号",
                "",
                "",
            ]
        )
    for col, width in enumerate([22, 30, 20, 8, 36, 12, 24, 12, 40], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in range(2, 2002):  # codes, dates and document numbers stay text
        for col in (1, 6, 7, 8):
            ws.cell(row=row, column=col).number_format = "@"
    notes = wb.create_sheet("填写说明")
    for line in [
        "统一社会信用代码：18位，须已在企业名录中登记；企业名称可留空，填写则须与登记名称一致。",
        "记录类别：只能填写本部门负责的类别（见下表）；程度须为该类别可选的程度。",
        "发生日期、有效期至：YYYY-MM-DD。不良类记录的有效期至可留空，按评分模型的信用修复期计算。",
        "同一企业同一类别的文书编号不能重复。",
        "任何一行有误则整个文件不导入，系统会列出每一行的问题。",
        "",
    ]:
        notes.append([line])
    notes.append(["记录类别", "代码", "分类", "可选程度"])
    _bold_header(notes, notes.max_row)
    for kind in kinds:
        notes.append(
            [
                kind.name,
                kind.code,
                str(kind.get_category_display()),
                "、".join(label for _c, label in kind.severities),
            ]
        )
    notes.column_dimensions["A"].width = 60
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def load_dataset(upload, *, max_rows: int):
    """The records sheet in the template's column order (optional columns may be absent)."""
    required = [CreditRecordResource.fields[n].column_name for n in CreditRecordResource.REQUIRED_COLUMNS]
    return load_xlsx(upload, max_rows=max_rows, required=required, columns=headers())


def ratings_workbook(*, enterprises) -> bytes:
    """The credit overview as officials circulate it: one row per enterprise, current grade."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企业诚信评级")
    title = f"企业诚信评级（导出时间：{timezone.localtime():%Y-%m-%d %H:%M}）"
    ws.append([title])
    heads = [
        "序号",
        "街镇",
        "企业名称",
        "统一社会信用代码",
        "所属行业",
        "诚信等级",
        "得分",
        "黑名单",
        "列入时间",
        "人工列入原因",
        "评级时间",
    ]
    ws.append(heads)
    for i, enterprise in enumerate(enterprises.iterator(chunk_size=2000), start=1):
        status = getattr(enterprise, "credit_status", None)
        ws.append(
            [
                i,
                enterprise.town.name,
                enterprise.name,
                enterprise.uscc,
                enterprise.industry.name,
                status.grade if status and status.grade else "未评级",
                float(status.score) if status and status.score is not None else None,
                "是" if status and status.blacklisted else "否",
                f"{timezone.localtime(status.blacklisted_since):%Y-%m-%d}"
                if status and status.blacklisted_since
                else "",
                status.manual_entry.reason if status and status.manual_entry_id else "",
                f"{timezone.localtime(status.rated_at):%Y-%m-%d}" if status and status.rated_at else "",
            ]
        )
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
