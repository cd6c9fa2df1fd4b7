"""Limits a person would expect, stated and enforced with a sentence: long text, telephone numbers,
yearly quotas. Forms get them from core.forms.BootstrapFormMixin; services call the check_* functions
so that the API and imports refuse the same values with the same words."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A textarea (plans, notes, explanations, comments) holds at most this many characters.
LONG_TEXT_MAX_CHARS = 5000
# A pool's yearly quota (家/个): the district has a few hundred enterprises; 1,000 is beyond any plan.
QUOTA_MAX = 1000
# bulk_update writes one UPDATE … CASE WHEN per batch; one statement over thousands of rows is quadratic
# in PostgreSQL (an enterprise assessment at a province's size ran for over a quarter of an hour).
BULK_BATCH_SIZE = 500

# Mainland mobile (11 digits starting 1[3-9]) or landline (area code 0xx/0xxx, 7–8 digits, optional
# extension), with an optional +86 prefix; spaces and brackets around the area code are ignored.
_MOBILE = re.compile(r"^(?:\+?86-?)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(?:\+?86-?)?0\d{2,3}-?[1-9]\d{6,7}(?:(?:-|转|ext\.?|x)\d{1,6})?$")


def phone_message() -> str:
    return _("请填写有效的电话号码：11 位手机号码（如 13800000000），或带区号的固定电话（如 0539-8123456）。")


def is_phone(value: str) -> bool:
    text = re.sub(r"[\s()（）]", "", value or "")
    return bool(_MOBILE.match(text) or _LANDLINE.match(text))


def validate_phone(value) -> None:
    """A validator for a telephone field; blank passes (required-ness is the field's)."""
    if value and not is_phone(str(value)):
        raise ValidationError(phone_message(), code="phone")


def long_text_message(limit: int = LONG_TEXT_MAX_CHARS, length: int | None = None) -> str:
    if length is None:
        return _("最多 %(limit)s 个字。") % {"limit": f"{limit:,}"}
    return _("最多 %(limit)s 个字（现为 %(n)s 个），请删减后再保存。") % {
        "limit": f"{limit:,}",
        "n": f"{length:,}",
    }


def check_text_length(field: str, value, limit: int = LONG_TEXT_MAX_CHARS) -> None:
    """For services: a long text over its limit is refused on its field, never cut."""
    if isinstance(value, str) and len(value) > limit:
        raise ValidationError({field: long_text_message(limit, len(value))})


def check_quota(field: str, value) -> None:
    if value is not None and value > QUOTA_MAX:
        raise ValidationError({field: quota_message()})


def quota_message() -> str:
    return _("每年入库数量最多 %(max)s 家（个），请核对是否多输了位数。") % {"max": f"{QUOTA_MAX:,}"}
