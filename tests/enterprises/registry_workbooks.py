"""Workbooks for the registry's Excel import and export tests: the template's headers, a row of an
enterprise by the template's Chinese column names, a file built from rows, the upload, the messages
shown after it, and the rows of an export."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from enterprises.uscc import make_uscc

IMPORT_URL = "/enterprises/import/"
TEMPLATE_URL = "/enterprises/import/template.xlsx"
EXPORT_URL = "/enterprises/export.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [
    "统一社会信用代码",
    "企业名称",
    "所属街镇",
    "行业代码",
    "主导产业",
    "规模以上",
    "经营状态",
    "法定代表人",
    "成立日期",
    "地址",
    "联系人",
    "联系电话",
    "电子邮箱",
]


def uscc_code(serial: int) -> str:
    """A valid 统一社会信用代码 (check character included), one per serial."""
    return make_uscc("371311", 800000 + serial)


def template_headers(client) -> list[str]:
    """The first row of the import template the client downloads."""
    response = client.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(BytesIO(response.content)).active
    return [cell.value for cell in sheet[1]]


def registry_row(code: str, name: str, **values) -> dict:
    """One enterprise by the template's column names; `values` change or add cells."""
    row = {
        "统一社会信用代码": code,
        "企业名称": name,
        "行业代码": "30",
        "规模以上": "是",
        "经营状态": "正常经营",
        "成立日期": "2010-05-18",
        "联系人": "李四",
        "联系电话": "0539-8000000",
    }
    return {**row, **values}


def workbook_bytes(headers: list[str], rows: list[dict]) -> bytes:
    """An .xlsx of the headers and, under them, each row's cells in the headers' order."""
    wb = Workbook()
    sheet = wb.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload_registry(client, content: bytes, name: str = "企业名录.xlsx"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content, content_type=XLSX)})


def import_rows(client, rows: list[dict]):
    """Upload the rows under the headers of the template the client downloads."""
    return upload_registry(client, workbook_bytes(template_headers(client), rows))


def flash_messages(response) -> list[str]:
    """The messages (django.contrib.messages) the response set."""
    return [str(m) for m in response.wsgi_request._messages]


def exported_rows(response) -> list[tuple]:
    """The rows (header first) of an .xlsx export."""
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
