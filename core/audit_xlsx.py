"""The audit trail as an xlsx (beside the CSV): the same columns as core.audit_export, through the
shared writer (time as a date cell, the header frozen and printed on every page)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .audit_export import audit_header, audit_line
from .xlsx import WorkbookWriter
from .xlsx_layout import DATETIME, INT, TEXT, Column

WIDTHS = {0: 8, 1: 19, 2: 14, 3: 15, 5: 10, 8: 30, 9: 40, 10: 30, 11: 40, 12: 40}


def audit_workbook(logs) -> bytes:
    header = audit_header()
    time_at = header.index(_("时间")) if _("时间") in header else None
    kinds = {0: INT, time_at: DATETIME}
    columns = [Column(h, kinds.get(i, TEXT), width=WIDTHS.get(i, 16)) for i, h in enumerate(header)]
    book = WorkbookWriter()
    ws = book.sheet(_("审计日志"), columns=columns, title=_("审计日志"), footer=True)
    for log in logs:
        line = list(audit_line(log))
        if time_at is not None:
            line[time_at] = timezone.localtime(log.created_at)
        ws.append(line)
    return book.save()
