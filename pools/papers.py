"""Papers that circulate on paper: a nomination as its 申报表 (with the 街镇 and 部门 opinion, signature
and seal areas), and a pool's 入库名单. One description of each feeds the print page and the PDF.

PDFs are drawn with reportlab and its built-in CID font STSong-Light: Chinese renders with no font
file and no system library, and the text stays text (it can be searched and copied).
"""

from dataclasses import dataclass, field
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.dates import long_date, table_date
from core.money import amount_cell, format_measure, format_wan, unit_suffix
from programs.models import Criterion, SubjectKind

from .xlsx import metric_value, quantitative_criteria

FONT = "STSong-Light"


@dataclass
class NominationPaper:
    title: str
    facts: list[tuple[str, str]]
    criteria: list[tuple[str, str, str]]  # (标准, 申报数据, 核验结果)
    path_plan: str
    explanation: str
    exceptional: bool  # 破格: a quantitative criterion not met
    opinions: list[str] = field(default_factory=list)  # the boxes to sign: 街镇意见, 部门意见


def nomination_paper(nomination, result) -> NominationPaper:
    """The 申报表 of `nomination`; `result` is its eligibility (services.nomination_eligibility)."""
    pool = nomination.pool
    if nomination.project_id:
        project = nomination.project
        enterprise = project.enterprise
        facts = [
            (_("项目名称"), project.name),
            (_("建设单位"), enterprise.name),
            (_("统一社会信用代码"), enterprise.uscc),
            (_("总投资"), format_wan(project.total_investment)),
        ]
    else:
        enterprise = nomination.enterprise
        facts = [(_("企业名称"), enterprise.name), (_("统一社会信用代码"), enterprise.uscc)]
    facts += [
        (_("申报街镇"), nomination.town.name),
        (_("所属行业"), enterprise.industry.name),
        (_("法定代表人"), enterprise.legal_representative or "—"),
        (
            _("联系人及电话"),
            " ".join(x for x in (enterprise.contact_name, enterprise.contact_phone) if x) or "—",
        ),
        (_("状态"), str(nomination.get_state_display())),
        (
            _("提交时间"),
            long_date(nomination.submitted_at) or "—",
        ),
    ]
    criteria = []
    for criterion, outcome in zip(pool.criteria.all(), result.criteria, strict=True):
        if criterion.kind == Criterion.Kind.QUANTITATIVE:
            value = metric_value(nomination, criterion.metric)
            figure = format_measure(value, criterion.unit) if value is not None else "—"
        else:
            figure = _("定性")
        verdict = {True: _("符合"), False: _("不符合")}.get(outcome.passed, _("待核查"))
        criteria.append((criterion.description, figure, f"{verdict}：{outcome.message}"))
    return NominationPaper(
        title=_("%(year)s年“%(pool)s”培育库入库申报表") % {"year": nomination.year, "pool": pool.name},
        facts=facts,
        criteria=criteria,
        path_plan=nomination.path_plan,
        explanation=nomination.explanation,
        exceptional=nomination.fails_quantitative,
        opinions=[_("街镇意见"), _("部门意见")],
    )


@dataclass
class PoolPaper:
    title: str
    headers: list[str]
    rows: list[list[str]]
    count: int


def pool_paper(*, pool, year: int, entries) -> PoolPaper:
    """The 入库名单: 序号, 街镇, name, code or builder, industry, the money figures, 破格, 入库时间."""
    is_project = pool.subject == SubjectKind.PROJECT
    money = [c for c in quantitative_criteria(pool) if c.unit == "万元"]
    headers = [
        _("序号"),
        _("街镇"),
        _("项目名称") if is_project else _("企业名称"),
        _("建设单位") if is_project else _("统一社会信用代码"),
        _("所属行业"),
        *[f"{c.get_metric_display()}{unit_suffix('万元')}" for c in money],
        _("破格"),
        _("入库时间"),
    ]
    rows = []
    entries = entries.select_related("project__enterprise__industry")
    for i, n in enumerate(entries.iterator(chunk_size=500), start=1):
        enterprise = n.project.enterprise if is_project else n.enterprise
        figures = []
        for c in money:
            value = metric_value(n, c.metric)
            figures.append(amount_cell(value))
        rows.append(
            [
                str(i),
                n.town.name,
                n.subject.name,
                enterprise.name if is_project else enterprise.uscc,
                enterprise.industry.name,
                *figures,
                _("破格") if n.fails_quantitative else "",
                table_date(n.decided_at),
            ]
        )
    title = _("%(year)s年“%(pool)s”培育库入库名单") % {"year": year, "pool": pool.name}
    return PoolPaper(title=title, headers=headers, rows=rows, count=len(rows))


# --- PDF ------------------------------------------------------------------------------------------


def _styles():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=body, fontSize=16, leading=22, alignment=1, spaceAfter=8),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12),
        "head": ParagraphStyle("head", parent=body, fontSize=11, leading=16, spaceBefore=6, spaceAfter=3),
    }


def _p(text, style):
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _grid(extra=()):
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            *extra,
        ]
    )


def _footer(canvas, doc):
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(doc.pagesize[0] / 2, 10 * 2.835, _("第 %(page)d 页") % {"page": doc.page})
    canvas.restoreState()


def _document(buffer, *, pagesize, side, top, bottom, title: str):
    """The paper's page (margins in mm) and the width left for its tables."""
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=side * mm,
        rightMargin=side * mm,
        topMargin=top * mm,
        bottomMargin=bottom * mm,
        title=title,
    )
    return doc, pagesize[0] - 2 * side * mm


def nomination_pdf(paper: NominationPaper) -> bytes:
    """The 申报表 on A4 portrait."""

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table

    s = _styles()
    buffer = BytesIO()
    doc, width = _document(buffer, pagesize=A4, side=18, top=14, bottom=14, title=paper.title)
    story = [_p(paper.title, s["title"])]
    facts = [[_p(label, s["body"]), _p(value, s["body"])] for label, value in paper.facts]
    story.append(
        Table(
            facts,
            colWidths=[35 * mm, width - 35 * mm],
            style=_grid([("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2F2"))]),
        )
    )
    story += [Spacer(1, 4 * mm), _p(_("认定标准核验"), s["head"])]
    rows = [[_p(h, s["small"]) for h in (_("标准"), _("申报数据"), _("核验结果"))]]
    rows += [[_p(a, s["small"]), _p(b, s["small"]), _p(c, s["small"])] for a, b, c in paper.criteria]
    story.append(
        Table(
            rows,
            colWidths=[width * 0.42, width * 0.18, width * 0.40],
            repeatRows=1,
            style=_grid([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2F2F2"))]),
        )
    )
    story += [Spacer(1, 4 * mm), _p(_("路径解决方案"), s["head"]), _p(paper.path_plan or "—", s["body"])]
    if paper.exceptional:
        story += [
            _p(_("不符合定量标准的说明（破格申报）"), s["head"]),
            _p(paper.explanation or "—", s["body"]),
        ]
    story.append(Spacer(1, 5 * mm))
    # The signature, seal and date lines as small borderless tables: the blanks are cells, not spaces
    # (a paragraph collapses spaces, and the CID font has no no-break space).
    signature = Table(
        [[_p(_("负责人（签字）："), s["body"]), "", _p(_("（盖章）"), s["body"])]],
        colWidths=[40 * mm, 35 * mm, 20 * mm],
        style=[("LINEBELOW", (1, 0), (1, 0), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), FONT)],
        hAlign="RIGHT",
    )
    date_line = Table(
        [
            [
                "",
                _p(pgettext("落款", "年"), s["body"]),
                "",
                _p(pgettext("落款", "月"), s["body"]),
                "",
                _p(pgettext("落款", "日"), s["body"]),
            ]
        ],
        colWidths=[14 * mm, 7 * mm, 9 * mm, 7 * mm, 9 * mm, 7 * mm],
        hAlign="RIGHT",
    )
    boxes = [
        [_p(opinion, s["head"]), [signature, Spacer(1, 3 * mm), date_line]] for opinion in paper.opinions
    ]
    story.append(
        Table(
            boxes,
            colWidths=[30 * mm, width - 30 * mm],
            rowHeights=[34 * mm] * len(boxes),
            style=_grid(
                [
                    ("VALIGN", (1, 0), (1, -1), "BOTTOM"),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("BOTTOMPADDING", (1, 0), (1, -1), 6),
                ]
            ),
        )
    )
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def pool_pdf(paper: PoolPaper) -> bytes:
    """The 入库名单 on A4 landscape, the header row repeated on every page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Table

    s = _styles()
    buffer = BytesIO()
    size = landscape(A4)
    doc, width = _document(buffer, pagesize=size, side=12, top=12, bottom=14, title=paper.title)
    n = len(paper.headers)
    fixed = {0: 12 * mm, 1: 22 * mm, n - 2: 14 * mm, n - 1: 24 * mm}
    rest = (width - sum(fixed.values())) / (n - len(fixed))
    widths = [fixed.get(i, rest) for i in range(n)]
    rows = [[_p(h, s["small"]) for h in paper.headers]]
    rows += [[_p(v, s["small"]) for v in row] for row in paper.rows] or [
        [_p("—", s["small"])] + [""] * (n - 1)
    ]
    story = [
        _p(paper.title, s["title"]),
        Table(
            rows,
            colWidths=widths,
            repeatRows=1,
            style=_grid([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2F2F2"))]),
        ),
        _p(
            _("共 %(n)d 家（个）。导出时间：%(time)s")
            % {"n": paper.count, "time": f"{timezone.localtime():%Y-%m-%d %H:%M}"},
            s["small"],
        ),
    ]
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
