"""xlsx files of the credit system: a department's import template, and the ratings export."""

from django.utils import timezone

from core.xlsx import WorkbookWriter
from core.xlsx_layout import CODE, DATE, INT, NUMBER, Column
from enterprises.uscc import make_uscc

from .models import RecordKind
from .resources import CreditRecordResource


def headers() -> list[str]:
    return [CreditRecordResource.fields[name].column_name for name in CreditRecordResource.COLUMNS]


def records_template(*, actor) -> bytes:
    kinds = list(RecordKind.objects.writable_by(actor))
    book = WorkbookWriter()
    # codes, dates and document numbers stay text
    ws = book.sheet(
        "信用记录", headers=headers(), widths=[22, 30, 20, 8, 36, 12, 24, 12, 40], text_columns=(1, 6, 7, 8)
    )
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
    notes = book.sheet("填写说明", widths=[60, 16, 12, 30])
    for line in [
        "统一社会信用代码：18位，须已在企业名录中登记；企业名称可留空，填写则须与登记名称一致。",
        "记录类别：只能填写本部门负责的类别（见下表）；程度须为该类别可选的程度。",
        "发生日期、有效期至：YYYY-MM-DD。不良类记录的有效期至可留空，按评分模型的信用修复期计算。",
        "同一企业同一类别的文书编号不能重复。",
        "任何一行有误则整个文件不导入，系统会列出每一行的问题。",
        "",
    ]:
        notes.note(line)
    notes.header(["记录类别", "代码", "分类", "可选程度"])
    for kind in kinds:
        notes.append(
            [
                kind.name,
                kind.code,
                str(kind.get_category_display()),
                "、".join(label for _c, label in kind.severities),
            ]
        )
    return book.save()


def ratings_workbook(*, enterprises) -> bytes:
    """The credit overview as officials circulate it: one row per enterprise, current grade."""
    book = WorkbookWriter()
    ws = book.sheet(
        "企业诚信评级",
        title=f"企业诚信评级（导出时间：{timezone.localtime():%Y-%m-%d %H:%M}）",
        columns=[
            Column("序号", INT, width=6),
            Column("街镇", width=12),
            Column("企业名称", width=36),
            Column("统一社会信用代码", CODE, width=22),
            Column("所属行业", width=24),
            Column("诚信等级", width=10),
            Column("得分", NUMBER, width=8),
            Column("黑名单", width=8),
            Column("列入时间", DATE, width=12),
            Column("人工列入原因", width=30),
            Column("评级时间", DATE, width=12),
        ],
    )
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
                status.score if status else None,
                "是" if status and status.blacklisted else "否",
                status.blacklisted_since if status else None,
                status.manual_entry.reason if status and status.manual_entry_id else "",
                status.rated_at if status else None,
            ]
        )
    return book.save()
