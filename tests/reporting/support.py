"""Helpers shared by the reporting tests (not fixtures): a statistics workbook as an upload."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEAD = [
    "统一社会信用代码",
    "企业名称",
    "年度",
    "月份",
    "产值（万元）",
    "产值本年累计（万元）",
    "主营业务收入（万元）",
    "主营业务收入本年累计（万元）",
    "从业人员（人）",
]


def xlsx(rows, headers=HEAD) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("统计月报.xlsx", buffer.getvalue())
