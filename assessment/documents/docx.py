"""The 调度通报 as a .docx in the layout of GB/T 9704-2012 (党政机关公文格式), with python-docx.

Layout: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm. 版头: the issuing authority's
mark (发文机关标志) in red 方正小标宋简体, the document number (发文字号) centred below it, and a red
separator line. 主体: the title in 方正小标宋简体 二号, the main recipients (主送机关), the body in
仿宋_GB2312 三号 with first-level headings in 黑体 and second-level ones in 楷体_GB2312, the note of the
annex (附件说明), the signature (署名) and the date (成文日期, 2019年3月10日). 版记: copies to (抄送), the
printing office and date (印发机关和印发日期) between two lines. 页码 "— 1 —" at the foot, odd pages right,
even pages left.

Each font is named for East Asian text as well (w:eastAsia), so Word uses it where installed and
falls back (e.g. to Noto CJK) where not."""

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .. import narrative

XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
RED = RGBColor(0xFF, 0x00, 0x00)
SAN_HAO = Pt(16)  # 三号
ER_HAO = Pt(22)  # 二号
SI_HAO = Pt(14)  # 四号
MARK_SIZE = Pt(36)  # 发文机关标志: the standard leaves the size to the issuer, not above 22 mm high
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
STATUS_LABELS = {"on_time": "按时报送", "late": "逾期报送", "missing": "未报送"}


def set_font(run, name: str, size=SAN_HAO, *, bold=False, color=None) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _paragraph(doc, text="", *, font=FANGSONG, size=SAN_HAO, align=None, indent=True, bold=False, color=None):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(28)  # 每页22行 of 三号 type
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    if text:
        set_font(p.add_run(text), font, size, bold=bold, color=color)
    return p


def _rule(paragraph, *, color="FF0000", size=12) -> None:
    """A line under the paragraph (the red separator of the 版头, the lines of the 版记)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), color)
    borders.append(bottom)
    p_pr.append(borders)


def _table(doc, headers, rows) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        set_font(cell.paragraphs[0].add_run(text), HEITI, Pt(12))
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            set_font(cell.paragraphs[0].add_run("" if value is None else str(value)), FANGSONG, Pt(12))


def _page_numbers(doc, section) -> None:
    """页码 (GB/T 9704-2012 7.5): 4号 宋体 Arabic numerals between dashes, "— 1 —", on odd pages at the
    right and on even pages at the left, one character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        indent = Pt(14)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = indent
        else:
            paragraph.paragraph_format.left_indent = indent
        set_font(paragraph.add_run("— "), "宋体", SI_HAO)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        number = paragraph.add_run("1")
        set_font(number, "宋体", SI_HAO)
        field.append(number._r)
        paragraph._p.append(field)
        set_font(paragraph.add_run(" —"), "宋体", SI_HAO)


def _pct(value) -> str:
    return "—" if value in (None, "") else f"{value}%"


def _town_reporting_table(doc, entries: str, rows) -> None:
    """The towns' reporting in the body: per (row, overdue) the town's monthly-report figures and its
    overdue milestones; `entries` heads the count of what is due."""
    _table(
        doc,
        ["街镇", entries, "按时报送", "逾期报送", "未报送", "按时报送率", "逾期节点"],
        [
            [r["town"], r["entries"], r["on_time"], r["late"], r["missing"], _pct(r["on_time_rate"]), overdue]
            for r, overdue in rows
        ],
    )


def _body_text(doc, text: str) -> None:
    for line in (text or "").split("\n"):
        line = line.strip()
        if line:
            _paragraph(doc, line, font=KAITI if line.startswith("（") and "）" in line[:4] else FANGSONG)


def build_docx(report, letterhead: dict | None = None) -> bytes:
    """The report as a .docx (bytes). `letterhead` defaults to the one frozen at publication."""
    head = letterhead or report.letterhead
    s = report.snapshot
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    _page_numbers(doc, section)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FANGSONG, SAN_HAO
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)

    # 版头
    _paragraph(
        doc,
        head["issuer_mark"],
        font=XIAOBIAOSONG,
        size=MARK_SIZE,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        color=RED,
    )
    _paragraph(doc, indent=False)
    number = report.doc_number or f"{head['prefix']}〔{report.year}〕  号"
    numbered = _paragraph(doc, number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _rule(numbered)
    _paragraph(doc, indent=False)

    # 主体
    _paragraph(
        doc, report.title, font=XIAOBIAOSONG, size=ER_HAO, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
    )
    _paragraph(doc, indent=False)
    _paragraph(doc, f"{head['recipients']}：", indent=False)
    if report.corrects_id:
        _paragraph(doc, f"本通报更正{report.corrects.doc_number}。{report.correction_note}")
    paragraphs = report.paragraphs or {}
    for key, heading in narrative.SECTIONS:
        _paragraph(doc, heading, font=HEITI)
        _body_text(doc, paragraphs.get(key, ""))
        if key == "towns":
            _town_reporting_table(
                doc,
                "入库对象",
                [
                    (r, m["overdue"])
                    for r, m in zip(s["reporting"]["by_town"], s["milestones"]["by_town"], strict=True)
                ],
            )
            _paragraph(doc, indent=False)
            _table(
                doc,
                ["部门", "待审核申报", f"超过{s['reviews']['overdue_days']}天未审核"],
                [[r["department"], r["pending"], r["overdue"]] for r in s["reviews"]["by_department"]],
            )
    _paragraph(doc, indent=False)
    _paragraph(doc, f"附件：{report.year}年{report.month}月调度情况统计表")
    _paragraph(doc, indent=False)
    _paragraph(doc, indent=False)
    return _signed_and_imprinted(doc, head, report)


def _signed_and_imprinted(doc, head: dict, document) -> bytes:
    """The end of a 公文 (GB/T 9704 7.3.5, 7.4): the signatory and the 成文日期 (右空四字), then the
    版记 (抄送, 印发机关 and date between rules); the document's bytes."""
    right = WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph(doc, head["signatory"], align=right, indent=False)
    issued = (
        narrative.chinese_date(document.issued_on) if document.issued_on else f"{document.year}年  月  日"
    )
    dated = _paragraph(doc, issued, align=right, indent=False)
    dated.paragraph_format.right_indent = Pt(64)  # 右空四字
    _paragraph(doc, indent=False)

    # 版记
    _rule(_paragraph(doc, indent=False), color="000000", size=8)
    if head.get("copies_to"):
        copies = _paragraph(doc, f"抄送：{head['copies_to']}。", size=SI_HAO, indent=False)
        copies.paragraph_format.left_indent = Pt(14)
        _rule(copies, color="000000", size=4)
    printed_on = narrative.chinese_date(document.issued_on) if document.issued_on else ""
    printed = _paragraph(doc, f"{head['printer']}        {printed_on}印发", size=SI_HAO, indent=False)
    printed.paragraph_format.left_indent = Pt(14)
    _rule(printed, color="000000", size=8)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
