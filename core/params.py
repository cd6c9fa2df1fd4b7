"""Numbers read from a URL or a query string, bounded before they reach a query or a date.

A year outside MIN_YEAR..MAX_YEAR, or an id wider than the database's bigint, is refused here with a
sentence (ValueError), so no view passes an unbounded int on to SQL (OverflowError) or to a date."""

import re

from django.utils.translation import gettext as _

MIN_YEAR, MAX_YEAR = 1900, 2100
_ID = re.compile(r"[1-9][0-9]{0,17}")  # 18 digits: always inside a signed 64-bit integer


def parse_year(raw, *, default: int) -> int:
    """The year of a query parameter; blank → default. Raises ValueError with the sentence to show."""
    if raw is None or str(raw).strip() == "":
        return default
    text = str(raw).strip()
    if not re.fullmatch(r"-?[0-9]{1,6}", text):
        raise ValueError(_("须为年份数字。"))
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(_("年份须在%(min)s—%(max)s之间。") % {"min": MIN_YEAR, "max": MAX_YEAR})
    return year


def is_id(raw) -> bool:
    """True for a positive whole number a primary key can hold (as text: a URL segment)."""
    return bool(_ID.fullmatch(str(raw)))
