"""xlsx the way officials circulate them: a pool's entries list, and the bulk nomination template."""

from decimal import Decimal

from django.utils import timezone

from core.xlsx import WorkbookWriter
from core.xlsx_layout import CODE, COUNT, DATE, DATETIME, INT, MONEY, PERCENT, Column
from programs.models import Criterion, Metric, SubjectKind, metric_unit


def _metric_column(criterion) -> Column:
    """A criterion's figure: money columns are summed (a pool's total 产值 or 投资 is what is reported
    upward); rates and shares are not."""
    unit = metric_unit(criterion.metric)
    if unit == "万元":
        return Column(criterion.get_metric_display(), MONEY, width=16, total=True)
    return Column(f"{criterion.get_metric_display()}（{unit}）", PERCENT, width=14)


def metric_value(nomination, metric: str):
    """The figure of a nomination; a project's 总投资 is its registered one when the nomination holds
    none (nominations made before the prefill, and the bulk import, leave it out of `metrics`)."""
    value = nomination.metrics.get(metric)
    if value in (None, "") and metric == Metric.TOTAL_INVESTMENT and nomination.project_id:
        return nomination.project.total_investment
    return Decimal(str(value)) if value not in (None, "") else None


def quantitative_criteria(pool) -> list:
    """The pool's quantitative criteria, one per metric (alternatives may share a metric)."""
    seen, out = set(), []
    for c in pool.criteria.all():
        if c.kind == Criterion.Kind.QUANTITATIVE and c.metric not in seen:
            seen.add(c.metric)
            out.append(c)
    return out


def pool_workbook(*, pool, year: int, entries) -> bytes:
    """Title row, then 序号 / 街镇 / name / code / industry / figures / 破格 / 入库时间, as in the paper
    lists; money figures summed in a 合计 row."""
    quantitative = quantitative_criteria(pool)
    is_project = pool.subject == SubjectKind.PROJECT
    columns = [
        Column("序号", INT, width=6),
        Column("街镇", width=12),
        Column("项目名称" if is_project else "企业名称", width=36),
        Column("建设单位", width=30) if is_project else Column("统一社会信用代码", CODE, width=22),
        Column("所属行业", width=24),
        *[_metric_column(c) for c in quantitative],
        Column("破格", width=8),
        Column("入库时间", DATE, width=12),
    ]
    book = WorkbookWriter()
    ws = book.sheet(
        f"{year}{pool.name}",
        columns=columns,
        title=f"{year}年“{pool.name}”培育库名单",
        footer=True,
    )
    entries = entries.select_related("project__enterprise__industry")
    for i, n in enumerate(entries.iterator(chunk_size=500), start=1):
        subject = n.project if is_project else n.enterprise
        enterprise = n.project.enterprise if is_project else n.enterprise
        ws.append(
            [
                i,
                n.town.name,
                subject.name,
                enterprise.name if is_project else enterprise.uscc,
                enterprise.industry.name,
                *[metric_value(n, c.metric) for c in quantitative],
                "破格" if n.fails_quantitative else "",
                timezone.localtime(n.decided_at).date() if n.decided_at else None,
            ]
        )
    return book.save()


def nominations_workbook(*, nominations, title: str, queue: bool = False) -> bytes:
    """A list of nominations (the town's or office's list, a department's review queue) as one sheet:
    who, what, state, eligibility, 破格 (a quantitative criterion not met), dates; the queue adds the
    days waiting and the credit grade."""
    today = timezone.localdate()
    columns = [
        Column("序号", INT, width=6),
        Column("年度", INT, width=7),
        Column("培育库", width=18),
        Column("街镇", width=12),
        Column("企业或项目名称", width=36),
        Column("统一社会信用代码", CODE, width=22),
        Column("所属行业", width=22),
        Column("状态", width=10),
        Column("符合认定标准", width=12),
        Column("破格", width=8),
        Column("提交时间", DATETIME, width=17),
        Column("审核时间", DATETIME, width=17),
    ]
    if queue:
        columns += [Column("已等待（天）", COUNT, width=12), Column("诚信等级", width=10)]
    book = WorkbookWriter()
    ws = book.sheet(title, columns=columns, title=title, footer=True)
    nominations = nominations.select_related("project__enterprise__industry")
    for i, n in enumerate(nominations.iterator(chunk_size=500), start=1):
        enterprise = n.project.enterprise if n.project_id else n.enterprise
        row = [
            i,
            n.year,
            n.pool.name,
            n.town.name,
            n.subject.name,
            enterprise.uscc,
            enterprise.industry.name,
            str(n.get_state_display()),
            {True: "符合", False: "不符合"}.get(n.eligible, "待核查"),
            "破格" if n.fails_quantitative else "",
            n.submitted_at,
            n.decided_at,
        ]
        if queue:
            waited = (today - timezone.localtime(n.submitted_at).date()).days if n.submitted_at else None
            row += [waited, getattr(n, "credit_grade", "") or "未评级"]
        ws.append(row)
    return book.save()


def template_columns(pool) -> list[tuple[str, str]]:
    """(key, header) of the bulk template: subject, one column per metric and qualitative criterion."""
    if pool.subject == SubjectKind.PROJECT:
        columns = [("project_name", "项目名称"), ("uscc", "建设单位统一社会信用代码")]
    else:
        columns = [("uscc", "统一社会信用代码"), ("name", "企业名称（核对用）")]
    seen = set()
    for c in pool.criteria.all():
        if c.kind == Criterion.Kind.QUANTITATIVE and c.metric not in seen:
            seen.add(c.metric)
            columns.append((f"metric:{c.metric}", f"{c.get_metric_display()}（{c.unit}）"))
    for c in pool.criteria.all():
        if c.kind == Criterion.Kind.QUALITATIVE:
            columns.append((f"claim:{c.code}", f"{c.description}（是/否）"))
    columns += [("path_plan", "路径解决方案"), ("explanation", "不符合定量标准的说明")]
    return columns


def nomination_template(pool) -> bytes:
    columns = template_columns(pool)
    book = WorkbookWriter()
    book.sheet(
        "申报",
        headers=[header for _key, header in columns],
        widths=[24] * len(columns),
        text_columns=(2 if pool.subject == SubjectKind.PROJECT else 1,),
    )
    notes = book.sheet("填写说明", widths=[80])
    for line in [
        f"培育库：{pool.name}（{pool.get_subject_display()}）",
        "金额单位为万元，增幅和占比填百分数的数值（如 15 表示 15%）。",
        "定性标准填“是”表示申报符合，须在系统中上传证明材料后由审核部门确认。",
        "整个文件校验通过才会导入；有任何错误则不导入，并列出每一行的问题。",
    ]:
        notes.note(line)
    return book.save()
