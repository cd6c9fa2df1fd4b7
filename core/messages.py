"""The one place where what rules, libraries and Django say becomes a sentence of the portal.

Forms (core.forms.BootstrapFormMixin gives every field these messages), the API (core.api's exception
handler) and the Excel imports (core.imports.import_errors) all pass their messages through here, so a
user never reads a rule's name, a field code or a library's English."""

import re
from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

# Messages of django-import-export's widgets and of Python's decimal module, as they arrive.
LIBRARY_MESSAGES = {
    "Value could not be parsed using defined formats.": _lazy(
        "日期无法识别，请写成“2015-03-01”的形式，或使用 Excel 的日期格式。"
    ),
    "Value could not be parsed.": _lazy("无法识别该值，请按模板的格式填写。"),
    "[<class 'decimal.ConversionSyntax'>]": _lazy("须为数字。"),
    "Enter a valid date.": _lazy("请输入有效的日期。"),
    "Enter a number.": _lazy("须为数字。"),
    "This field is required.": _lazy("此项必填。"),
}


def _too_long(m) -> str:
    return _("最多 %(limit_value)d 个字（现为 %(show_value)d 个），请删减后再保存。") % {
        "limit_value": int(m.group(1)),
        "show_value": int(m.group(2)),
    }


# Messages with numbers in them (Django's model validation, in Chinese or English), and the library's.
LIBRARY_PATTERNS = [
    (re.compile(r"^the value's magnitude exceeds the maximum"), lambda m: _("数值过大。")),
    (re.compile(r"^invalid literal for int\(\)"), lambda m: _("须为整数。")),
    (re.compile(r"^could not convert string to float"), lambda m: _("须为数字。")),
    (re.compile(r"^确保该变量包含不超过 (\d+) 字符 ?\(目前字符数 (\d+)\)。$"), _too_long),
    (re.compile(r"^Ensure this value has at most (\d+) characters? \(it has (\d+)\)\.$"), _too_long),
    (
        re.compile(r"^(?:确保该值小于或等于|Ensure this value is less than or equal to )(\d+)[。.]$"),
        lambda m: _("不能大于 %(limit_value)s。") % {"limit_value": m.group(1)},
    ),
    (
        re.compile(r"^(?:确保该值大于或等于|Ensure this value is greater than or equal to )(-?\d+)[。.]$"),
        lambda m: _("不能小于 %(limit_value)s。") % {"limit_value": m.group(1)},
    ),
    (
        re.compile(
            r"^(?:确认小数不超过 (\d+) 位|Ensure that there are no more than (\d+) decimal places?)[。.]$"
        ),
        lambda m: _("最多保留 %(max)s 位小数。") % {"max": m.group(1) or m.group(2)},
    ),
    (
        re.compile(
            r"^(?:确认总共不超过 (\d+) 个数字|Ensure that there are no more than (\d+) digits? in total)[。.]$"
        ),
        lambda m: _("数值过大：最多 %(max)s 位数字。") % {"max": m.group(1) or m.group(2)},
    ),
]


def plain(message) -> str:
    """A message as the portal says it: a library's English replaced by our sentence; ours unchanged."""
    text = str(message)
    if text in LIBRARY_MESSAGES:
        return str(LIBRARY_MESSAGES[text])
    for pattern, sentence in LIBRARY_PATTERNS:
        if match := pattern.search(text):
            return str(sentence(match))
    return text


def plain_tree(data):
    """plain() applied to every string of an error structure (dicts and lists, as DRF builds them)."""
    if isinstance(data, dict):
        return {key: plain_tree(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain_tree(value) for value in data]
    if isinstance(data, str):
        return plain(data)
    return data


def number_limit(max_digits: int, decimal_places: int) -> Decimal:
    """The largest value a DecimalField(max_digits, decimal_places) holds: 14, 2 → 999999999999.99."""
    whole = max_digits - decimal_places
    return Decimal(10) ** whole - Decimal(1).scaleb(-decimal_places)


def too_large(max_digits: int, decimal_places: int, label="") -> str:
    """The sentence for a number over a field's digits, with the limit written out (in 万元 for money)."""
    limit = number_format(number_limit(max_digits, decimal_places), decimal_places, force_grouping=True)
    if "万元" in str(label):
        return _("数值过大：最多为 %(limit)s 万元，请确认单位为万元（不是元）。") % {"limit": limit}
    return _("数值过大：最多为 %(limit)s。") % {"limit": limit}


def field_messages(field: forms.Field) -> dict:
    """Error messages for a form field in the portal's words, by the validators' codes."""
    found: dict = {}
    if isinstance(field, forms.DecimalField):
        if field.max_digits is not None and field.decimal_places is not None:
            found["max_digits"] = found["max_whole_digits"] = too_large(
                field.max_digits, field.decimal_places, field.label or ""
            )
        found["max_decimal_places"] = _("最多保留 %(max)s 位小数。")
        found["invalid"] = _("须为数字。")
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        found["max_value"] = _("不能大于 %(limit_value)s。")
        found["min_value"] = (
            _("不能为负数。") if getattr(field, "min_value", None) == 0 else _("不能小于 %(limit_value)s。")
        )
        if not isinstance(field, forms.DecimalField):
            found["invalid"] = _("须为整数。") if isinstance(field, forms.IntegerField) else _("须为数字。")
    if isinstance(field, forms.CharField):
        found["max_length"] = _("最多 %(limit_value)d 个字（现为 %(show_value)d 个），请删减后再保存。")
        found["min_length"] = _("至少 %(limit_value)d 个字（现为 %(show_value)d 个）。")
    if isinstance(field, forms.DateField):
        found["invalid"] = _("请输入有效的日期，如 2015-03-01。")
    return found


def apply_field_messages(field: forms.Field) -> None:
    """Give a form field our messages, keeping those its form chose itself."""
    defaults = field_messages(field)
    for code, message in defaults.items():
        current = field.error_messages.get(code)
        if current is None or _is_django_default(type(field), code, current):
            field.error_messages[code] = message


def _is_django_default(field_class, code: str, message) -> bool:
    for klass in field_class.__mro__:
        default = getattr(klass, "default_error_messages", {}).get(code)
        if default is not None and str(default) == str(message):
            return True
    return False
