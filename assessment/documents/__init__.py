"""The 调度通报's files: the .docx (GB/T 9704-2012) and its .xlsx annex."""

from .docx import build_docx
from .xlsx import SHEETS, build_xlsx

__all__ = ["SHEETS", "build_docx", "build_xlsx"]
