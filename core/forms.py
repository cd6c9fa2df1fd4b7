from django import forms
from django.utils.translation import gettext_lazy as _lazy

from .text import reject_control_chars, reject_control_chars_multiline


class BootstrapFormMixin:
    """The base of every form: gives every widget its Bootstrap class, so templates render fields
    plainly, and refuses invisible control characters in every text field (core.text; a textarea may
    keep tabs and line breaks)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators.append(reject_control_chars_multiline if multiline else reject_control_chars)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"


class XlsxUploadForm(BootstrapFormMixin, forms.Form):
    """The file of an Excel import. Its type, size and content are checked by the import service
    (core.imports.read_upload), so the page and the API refuse the same files with the same words."""

    file = forms.FileField(label=_lazy("Excel 文件（.xlsx）"))
