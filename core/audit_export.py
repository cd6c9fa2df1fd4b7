"""The audit trail as a spreadsheet file (the audit page's export)."""

import csv
import io
import json
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value) -> str:
    """Text a spreadsheet shows as typed: a leading = + - @ would start a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_rows(header: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """One writer for the export: UTF-8 with a BOM (Excel opens the Chinese correctly), every cell
    made inert. Yields bytes line by line so a long trail streams. Swap for the shared xlsx writer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff".encode()
    writer.writerow([_inert(cell) for cell in header])
    for line in rows:
        writer.writerow([_inert(cell) for cell in line])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def audit_header() -> list[str]:
    return [
        _("编号"),
        _("时间"),
        _("操作账号"),
        _("IP 地址"),
        _("客户端"),
        _("操作"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("说明"),
        _("说明原文"),
        _("修改前"),
        _("修改后"),
        _("校验值"),
    ]


def audit_line(log) -> list:
    def as_json(value):
        return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    return [
        log.pk,
        timezone.localtime(log.created_at).strftime("%Y-%m-%d %H:%M:%S"),
        log.actor_username,
        log.ip or "",
        log.user_agent,
        log.get_action_display(),
        log.content_type.name if log.content_type else "",
        log.object_id,
        log.object_repr,
        log.sentence,
        log.message,
        as_json(log.before),
        as_json(log.after),
        log.row_hash,
    ]
