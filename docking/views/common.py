"""Shared by the docking pages."""

from django.http import HttpResponse

from core.page_calls import run_action, run_form
from core.xlsx import XLSX_CONTENT_TYPE

__all__ = ["run_action", "run_form", "xlsx_response"]


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename={filename}"
    return response
