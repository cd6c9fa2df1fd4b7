"""Input rules the docking services share."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import has_control_chars


def _text(value, field: str, *, required: bool = True, max_length: int = 300) -> str:
    text = (value or "").strip()
    if has_control_chars(text, multiline=max_length > 300):
        raise ValidationError({field: _("不能包含不可见的控制字符或文字方向控制符，请删除后重新输入。")})
    if required and not text:
        raise ValidationError({field: _("请填写此项。")})
    if len(text) > max_length:
        raise ValidationError({field: _("不能超过%(n)d个字。") % {"n": max_length}})
    return text


def _amount(value, field: str) -> Decimal:
    if value is None or value <= 0:
        raise ValidationError({field: _("金额须大于零（单位：万元）。")})
    return value.quantize(Decimal("0.01"))


def _not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})


def _reason_comment(reason, note: str) -> str:
    """The event comment of an ending with a reason from a list (a refusal, a dropped intention): the
    reason's label, then the note when one was given."""
    return f"{reason.label}{'：' + note if note else ''}"
