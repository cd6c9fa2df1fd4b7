"""The one rule for text that people type or upload: no invisible control characters.

C0/C1 control characters (a bell, a NUL, an escape …) and the Unicode direction controls (U+202E
RIGHT-TO-LEFT OVERRIDE and its kin) make a stored name look different from what it is: 「a\u202eb」
prints backwards, a NUL breaks exports. Forms (core.forms.BootstrapFormMixin), the API (core.parsers)
and the Excel reader call reject_control_chars; multi-line text (a textarea, an API string) may keep
tab, line feed and carriage return.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARS_MESSAGE = _("不能包含不可见的控制字符或文字方向控制符，请删除后重新输入。")

# C0 except tab/LF/CR, DEL, C1, Arabic letter mark, LRM/RLM, the embeddings/overrides and isolates.
_FORBIDDEN_ALWAYS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_MULTILINE = re.compile(f"[{_FORBIDDEN_ALWAYS}]")
_SINGLE_LINE = re.compile(f"[\t\n\r{_FORBIDDEN_ALWAYS}]")


def has_control_chars(value: str, *, multiline: bool = False) -> bool:
    """True when the text holds a character reject_control_chars refuses."""
    pattern = _MULTILINE if multiline else _SINGLE_LINE
    return bool(pattern.search(value))


def reject_control_chars(value, *, multiline: bool = False):
    """Raise ValidationError (code "control_characters") when a string holds an invisible control.

    Non-strings pass unchanged, so the function can sit on any field. Returns the value."""
    if isinstance(value, str) and has_control_chars(value, multiline=multiline):
        raise ValidationError(CONTROL_CHARS_MESSAGE, code="control_characters")
    return value


def reject_control_chars_multiline(value):
    """reject_control_chars for a textarea: tab and line breaks are allowed."""
    return reject_control_chars(value, multiline=True)
