"""Opening what the exports give back, as a spreadsheet program would."""

from io import BytesIO

from openpyxl import load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    return load_workbook(BytesIO(response.content))


def rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def header_index(ws, header_row: int) -> dict[str, int]:
    return {
        v: i
        for i, v in enumerate(next(ws.iter_rows(min_row=header_row, max_row=header_row, values_only=True)))
    }
