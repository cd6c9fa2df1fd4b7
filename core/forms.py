from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _lazy

from .bounds import LONG_TEXT_MAX_CHARS
from .messages import apply_field_messages
from .pinyin import LONG, search_key
from .text import reject_control_chars, reject_control_chars_multiline

# Single-line fields state their limit from this many characters (names, addresses); shorter ones are codes.
STATED_FROM_CHARS = 100


def _state_length_limit(field: forms.CharField, multiline: bool) -> None:
    """Every text has a stated limit, enforced with a sentence: a textarea without one gets
    LONG_TEXT_MAX_CHARS; the browser's maxlength is dropped (it cuts a paste without a word)."""
    if multiline and field.max_length is None:
        field.max_length = LONG_TEXT_MAX_CHARS
        field.validators.append(MaxLengthValidator(LONG_TEXT_MAX_CHARS))
    field.widget.attrs.pop("maxlength", None)
    if field.max_length is not None and (multiline or field.max_length >= STATED_FROM_CHARS):
        limit = _lazy("最多 %(n)s 个字。") % {"n": f"{field.max_length:,}"}
        field.help_text = format_lazy("{} {}", field.help_text, limit) if field.help_text else limit


class BootstrapFormMixin:
    """The base of every form: gives every widget its Bootstrap class, so templates render fields
    plainly, and refuses invisible control characters in every text field (core.text; a textarea may
    keep tabs and line breaks)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _prepare(field)

    # Fields a form adds after this __init__ (figures, claims) are prepared when first used.
    def full_clean(self):
        for field in self.fields.values():
            _prepare(field)
        return super().full_clean()

    def __getitem__(self, name):
        if name in self.fields:
            _prepare(self.fields[name])
        return super().__getitem__(name)


def _prepare(field: forms.Field) -> None:
    if getattr(field, "_portal_prepared", False):
        return
    field._portal_prepared = True  # type: ignore[attr-defined]
    apply_field_messages(field)  # Django's and libraries' wording replaced by ours (core.messages)
    if isinstance(field, forms.CharField):
        multiline = isinstance(field.widget, forms.Textarea)
        field.validators.append(reject_control_chars_multiline if multiline else reject_control_chars)
        _state_length_limit(field, multiline)
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if css not in widget.attrs.get("class", "").split():
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    if isinstance(widget, forms.DateInput):
        widget.input_type = "date"
        widget.format = "%Y-%m-%d"
    if isinstance(widget, forms.Select) and not isinstance(widget, PinyinOptionsMixin):
        widget.__class__ = _pinyin_class(type(widget))


class PinyinOptionsMixin:
    """A select whose options, when there are more than core.pinyin.LONG of them, carry data-pinyin
    (full pinyin and initials) for Tom Select's search. Every form's selects get it from
    BootstrapFormMixin, so no form declares it."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)  # type: ignore[misc]
        options = [option for _group, group_options, _index in groups for option in group_options]
        if len(options) > LONG:
            for option in options:
                key = search_key(str(option["label"]))
                if key:
                    option["attrs"] = {**option["attrs"], "data-pinyin": key}
        return groups


_PINYIN_CLASSES: dict[type, type] = {}


def _pinyin_class(widget_class: type) -> type:
    if widget_class not in _PINYIN_CLASSES:
        _PINYIN_CLASSES[widget_class] = type(widget_class.__name__, (PinyinOptionsMixin, widget_class), {})
    return _PINYIN_CLASSES[widget_class]


class XlsxUploadForm(BootstrapFormMixin, forms.Form):
    """The file of an Excel import. Its type, size and content are checked by the import service
    (core.imports.read_upload), so the page and the API refuse the same files with the same words."""

    file = forms.FileField(label=_lazy("Excel 文件（.xlsx）"))
