"""Shared by the docking pages."""

from core.actions import action_redirect, run_form
from core.web import xlsx_download as xlsx_response

__all__ = ["action_redirect", "run_form", "xlsx_response"]
