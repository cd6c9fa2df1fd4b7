"""Shared by the docking pages."""

from django.http import HttpResponse

from core.actions import action_redirect, run_form
from core.xlsx import XLSX_CONTENT_TYPE

__all__ = ["action_redirect", "run_form", "xlsx_response"]


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename={filename}"
    return response
