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


def validate_xlsx_upload(upload):
    """The one rule for every Excel upload: .xlsx, and no larger than IMPORT_MAX_BYTES."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    if not upload.name.lower().endswith(".xlsx"):
        raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件（可先下载模板）。"))
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise forms.ValidationError(
            _("文件过大，最大 %(mb)d MB。") % {"mb": settings.IMPORT_MAX_BYTES // 1024 // 1024}
        )
    return upload


class XlsxUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_lazy("Excel 文件（.xlsx）"))

    def clean_file(self):
        return validate_xlsx_upload(self.cleaned_data["file"])
