"""The 授信奖励 recommendation list for the banks, as an .xlsx (core.xlsx)."""

from django.utils import timezone

from core.xlsx import WorkbookWriter


def rewards_workbook(*, year: int, schemes, rows) -> bytes:
    book = WorkbookWriter()
    headers = ["序号", "街镇", "企业名称", "统一社会信用代码", "信用等级"]
    for scheme in schemes:
        headers += [f"{scheme.name}等次", f"{scheme.name}得分"]
    ws = book.sheet(
        "授信奖励推荐名单",
        title=f"{year}年度授信奖励推荐名单（导出时间：{timezone.localtime():%Y-%m-%d %H:%M}）",
        headers=headers,
        text_columns=(3,),
    )
    for i, row in enumerate(rows, start=1):
        values = [i, row.enterprise.town.name, row.enterprise.name, row.enterprise.uscc, row.credit_grade]
        for grade, total in row.cells:
            values += [grade, total]
        ws.append(values)
    return book.save()
