"""xlsx the way officials circulate them: a pool's entries list, and the bulk nomination template."""

from django.utils import timezone

from core.xlsx import WorkbookWriter
from programs.models import Criterion, SubjectKind


def pool_workbook(*, pool, year: int, entries) -> bytes:
    """Title row, then 序号 / 街镇 / name / code / industry / figures / 入库时间, as in the paper lists."""
    quantitative = [c for c in pool.criteria.all() if c.kind == Criterion.Kind.QUANTITATIVE]
    is_project = pool.subject == SubjectKind.PROJECT
    headers = [
        "序号",
        "街镇",
        "项目名称" if is_project else "企业名称",
        "建设单位" if is_project else "统一社会信用代码",
        "所属行业",
        *[f"{c.get_metric_display()}（{c.unit}）" for c in quantitative],
        "入库时间",
    ]
    book = WorkbookWriter()
    ws = book.sheet(
        f"{year}{pool.name}",
        headers=headers,
        title=f"{year}年“{pool.name}”培育库名单",
        widths=[6, 12, 36, 24, 24, *[16] * len(quantitative), 12],
        text_columns=() if is_project else (4,),
        footer=True,
    )
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
                *[float(n.metrics[c.metric]) if c.metric in n.metrics else None for c in quantitative],
                timezone.localtime(n.decided_at).strftime("%Y-%m-%d") if n.decided_at else "",
            ]
        )
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
