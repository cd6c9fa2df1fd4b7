"""Dates as officials type them into a spreadsheet: 2015/3/1, 2015-03-01, 2015年3月1日, 2015.3.1,
20150301, an Excel date cell, or the day number Excel stores when a date cell lost its format."""

import datetime
import re
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

_SEPARATED = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (its 1900-02-29 included)
MAX_SERIAL = 2958465  # 9999-12-31


def parse_typed_date(value) -> datetime.date | None:
    """Blank → None; otherwise the date, or ValueError with the sentence to show."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if 1 <= value <= MAX_SERIAL and value == int(value):
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueError(_("“%(value)s”不是日期。") % {"value": value})
    text = str(value).strip()
    match = _SEPARATED.match(text) or _COMPACT.match(text)
    if match is None:
        raise ValueError(
            _("“%(value)s”不是日期，请填写如 2015-03-01、2015/3/1 或 2015年3月1日。") % {"value": text[:40]}
        )
    year, month, day = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise ValueError(_("“%(value)s”不是有效的日期。") % {"value": text[:40]}) from exc


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` in the portal's time zone (Asia/Shanghai): the state "at the end
    of a day" is everything before it."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


# --- Dates as pages show them: one style per context ---------------------------------------------
# Tables: 2026-12-01; points in time: 2026-12-01 09:30 in Beijing time (the active time zone);
# headings, sentences and papers: 2026年12月1日 in Chinese, 1 Dec 2026 in English (DATE_FORMAT of
# config/formats/<language>).


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def table_date(value) -> str:
    return formats.date_format(_local(value), "Y-m-d") if value else ""


def table_datetime(value) -> str:
    return formats.date_format(_local(value), "Y-m-d H:i") if value else ""


def long_date(value) -> str:
    return formats.date_format(_local(value), "DATE_FORMAT") if value else ""
