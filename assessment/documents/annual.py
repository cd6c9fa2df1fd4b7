"""The annual summary (一年一总结) as a .docx in the GB/T 9704-2012 layout of the dispatch report (the
same builder's parts), and its .xlsx annex with core.xlsx's WorkbookWriter."""

from decimal import Decimal

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from core.xlsx import WorkbookWriter

from .. import narrative_annual as annual_narrative
from .docx import (
    ER_HAO,
    FANGSONG,
    HEITI,
    MARGINS,
    MARK_SIZE,
    RED,
    SAN_HAO,
    XIAOBIAOSONG,
    _body_text,
    _paragraph,
    _rule,
    _signed_and_imprinted,
    _town_reporting_table,
)

SHEETS = ("月度报送", "季度点评", "年度考核", "督查整改")
COLOURS = {"green": "绿", "yellow": "黄", "red": "红"}


def _number(value):
    return None if value in (None, "") else Decimal(value)


def build_annual_docx(summary, letterhead: dict | None = None) -> bytes:
    head = letterhead or summary.letterhead
    s = summary.snapshot
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FANGSONG, SAN_HAO
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
    center = WD_ALIGN_PARAGRAPH.CENTER

    # 版头
    _paragraph(
        doc, head["issuer_mark"], font=XIAOBIAOSONG, size=MARK_SIZE, align=center, indent=False, color=RED
    )
    _paragraph(doc, indent=False)
    number = summary.doc_number or f"{head['prefix']}〔{summary.year}〕  号"
    _rule(_paragraph(doc, number, align=center, indent=False))
    _paragraph(doc, indent=False)

    # 主体
    _paragraph(doc, summary.title, font=XIAOBIAOSONG, size=ER_HAO, align=center, indent=False)
    _paragraph(doc, indent=False)
    _paragraph(doc, f"{head['recipients']}：", indent=False)
    paragraphs = summary.paragraphs or {}
    for key, heading in annual_narrative.SECTIONS:
        _paragraph(doc, heading, font=HEITI)
        _body_text(doc, paragraphs.get(key, ""))
        if key == "units" and s["monthly"]["by_town"]:
            _town_reporting_table(doc, "应报月报", [(r, r["overdue"]) for r in s["monthly"]["by_town"]])
    _paragraph(doc, indent=False)
    _paragraph(doc, f"附件：{summary.year}年度产业培育工作统计表")
    _paragraph(doc, indent=False)
    _paragraph(doc, indent=False)
    return _signed_and_imprinted(doc, head, summary)


def build_annual_xlsx(summary) -> bytes:
    s = summary.snapshot
    title = f"{summary.doc_number or summary.title} 附件：{summary.year}年度产业培育工作统计表"
    book = WorkbookWriter()

    sheet = book.sheet(
        SHEETS[0],
        headers=[
            "月份",
            "调度通报",
            "应报月报",
            "按时报送",
            "逾期报送",
            "未报送",
            "按时报送率（%）",
            "到期节点",
            "已完成",
            "逾期节点",
        ],
        title=title,
    )
    for r in s["monthly"]["months"]:
        sheet.append(
            [
                f"{r['month']}月",
                r["doc_number"],
                r["entries"],
                r["on_time"],
                r["late"],
                r["missing"],
                _number(r["on_time_rate"]),
                r["due"],
                r["done"],
                r["overdue"],
            ]
        )
    t = s["monthly"]["totals"]
    sheet.append(
        [
            "全年",
            "",
            t["entries"],
            t["on_time"],
            t["late"],
            t["missing"],
            _number(t["on_time_rate"]),
            t["due"],
            t["done"],
            t["overdue"],
        ]
    )

    quarters = [1, 2, 3, 4]
    sheet = book.sheet(SHEETS[1], headers=["单位", *[f"第{q}季度" for q in quarters]], title=title)
    for u in s["reviews"]["units"]:
        sheet.append([u["unit"], *[COLOURS.get(u["colours"].get(str(q), ""), "") for q in quarters]])

    sheet = book.sheet(SHEETS[2], headers=["考核办法", "名次", "单位", "总分", "等次"], title=title)
    for run in s["runs"]:
        for r in run["results"]:
            sheet.append([run["scheme"], r["rank"], r["unit"], _number(r["total"]), r["grade"]])

    sheet = book.sheet(
        SHEETS[3], headers=["单位", "措施", "理由", "整改期限", "状态", "销号日期"], title=title
    )
    for c in s["supervision"]["cases"]:
        sheet.append([c["unit"], c["kind"], c["reason"], c["deadline"], c["state"], c["closed_on"]])
    return book.save()
