"""xlsx files officials download: the import template (with a sheet of allowed values) and exports."""

from core.xlsx import WorkbookWriter
from core.xlsx_layout import CODE, DATE, TEXT, Column
from programs.models import Industry, LeadingIndustry, Town

from .models import Enterprise
from .resources import EnterpriseResource
from .uscc import make_uscc


def headers() -> list[str]:
    return [EnterpriseResource.fields[name].column_name for name in EnterpriseResource.COLUMNS]


def enterprise_template(*, town: Town | None = None) -> bytes:
    book = WorkbookWriter()
    # codes and phone numbers stay text, not numbers
    ws = book.sheet("企业名录", headers=headers(), widths=[22] * len(headers()), text_columns=(1, 9, 12))
    example_town = town or Town.objects.first()
    ws.append(
        [
            make_uscc("371311", 1),
            "示例：临沂某某新材料有限公司",
            example_town.name if example_town else "",
            "30",
            "新型陶瓷",
            "是",
            "正常经营",
            "张三",
            "2010/5/18",
            "罗庄区某某路1号",
            "李四",
            "0539-8000000",
            "",
        ]
    )
    notes = book.sheet("填写说明", widths=[60, 12, 30, 16, 12])
    notes.header(["说明"])
    notes.note("统一社会信用代码：18位，末位为校验码；已登记的代码将更新该企业信息。")
    notes.note("所属街镇：街镇账号可留空（默认本街镇），只能导入本街镇企业。")
    notes.note("行业代码：国民经济行业分类（GB/T 4754-2017）大类代码，如 30。")
    notes.note(
        "规模以上：填“是”或“否”。成立日期：如 2015-03-01、2015/3/1、2015.3.1 或 2015年3月1日，也可为 Excel 日期。"
    )
    notes.note(
        "第2行是示例（企业名称以“示例”开头），导入时自动跳过，不会登记；可直接在其下方填写，或覆盖该行。"
    )
    notes.note("任何一行有误则整个文件不导入，系统会列出每一行的问题。")
    notes.note()
    notes.header(["街镇", "行业代码", "行业名称", "主导产业", "经营状态"])
    towns = list(Town.objects.values_list("name", flat=True))
    industries = list(Industry.objects.values_list("code", "name"))
    leading = list(LeadingIndustry.objects.values_list("name", flat=True))
    statuses = [str(label) for _code, label in Enterprise.Status.choices]
    for i in range(max(len(towns), len(industries), len(leading), len(statuses))):
        code, name = industries[i] if i < len(industries) else ("", "")
        notes.append(
            [
                towns[i] if i < len(towns) else "",
                code,
                name,
                leading[i] if i < len(leading) else "",
                statuses[i] if i < len(statuses) else "",
            ]
        )
    return book.save()


def registry_workbook(enterprises) -> tuple[bytes, int]:
    """The registry as the user sees it: the import's columns (so the file can be edited and imported
    again: the header is the first row, no title or footer), 成立日期 as a date cell, codes and phone
    numbers as text. Returns (content, rows)."""
    names = dict(zip(EnterpriseResource.COLUMNS, headers(), strict=True))
    kinds = {"uscc": CODE, "established_on": DATE, "contact_phone": CODE}
    widths = {"uscc": 22, "name": 36, "address": 36, "industry": 28}
    columns = [Column(names[f], kinds.get(f, TEXT), width=widths.get(f)) for f in EnterpriseResource.COLUMNS]
    book = WorkbookWriter()
    ws = book.sheet("企业名录", columns=columns)
    status = dict(Enterprise.Status.choices)
    for e in enterprises.iterator(chunk_size=2000):
        values = {
            "uscc": e.uscc,
            "name": e.name,
            "town": e.town.name,
            "industry": f"{e.industry.code} {e.industry.name}" if e.industry_id else "",
            "leading_industry": e.leading_industry.name if e.leading_industry_id else "",
            "is_above_scale": e.is_above_scale,
            "status": str(status.get(e.status, e.status)),
            "legal_representative": e.legal_representative,
            "established_on": e.established_on,
            "address": e.address,
            "contact_name": e.contact_name,
            "contact_phone": e.contact_phone,
            "contact_email": e.contact_email,
        }
        ws.append([values[f] for f in EnterpriseResource.COLUMNS])
    return book.save(), ws.rows
