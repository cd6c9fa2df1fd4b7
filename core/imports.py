"""All-or-nothing Excel imports, one way: the upload is checked and read by the service
(`read_upload`), row errors are listed as officials read them (Excel row, column, reason), and one
page flow (`import_page`) turns upload → service → row errors into the same page for every import."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

MESSAGE_CHARS = 300  # an echoed cell value is cut: an error page never repeats a whole cell


def _short(message) -> str:
    from .messages import plain

    text = plain(message)
    return text if len(text) <= MESSAGE_CHARS else text[:MESSAGE_CHARS] + "…"


def read_upload(upload, *, max_rows: int | None = None, required=(), columns=None, field_name: str = "file"):
    """The service side of every Excel import: the upload validated (type, size, package, zip limits)
    and read (streamed, row and cell limits). Raises ValidationError on the file field."""
    from .uploads import XLSX_KINDS, validate_upload
    from .xlsx import read_xlsx

    validate_upload(upload, kinds=XLSX_KINDS, max_bytes=settings.IMPORT_MAX_BYTES, field=field_name)
    try:
        return read_xlsx(upload, max_rows=max_rows, required=required, columns=columns)
    except ValueError as exc:
        raise ValidationError({field_name: str(exc)}) from exc


def import_errors(result, resource_class, *, row_numbers=None) -> list[dict]:
    """Every bad row of a django-import-export result as {"row": Excel row number, "messages": [...]}
    (row 0 holds errors of the file as a whole). `row_numbers` (from read_xlsx) maps data rows to Excel
    rows; without it data row N is Excel row N + 1."""
    labels = {name: f.column_name for name, f in resource_class.fields.items()}

    def excel(number: int) -> int:
        if row_numbers and 0 < number <= len(row_numbers):
            return row_numbers[number - 1]
        return number + 1

    rows: dict[int, list[str]] = {}
    for number, errs in result.row_errors():
        rows.setdefault(excel(number), []).extend(_short(e.error) for e in errs)
    for invalid in result.invalid_rows:
        for field_name, errors in invalid.error_dict.items():
            label = labels.get(field_name, "" if field_name == "__all__" else field_name)
            for message in errors:
                rows.setdefault(excel(invalid.number), []).append(
                    _short(f"{label}：{_short(message)}" if label else message)
                )
    for error in result.base_errors:
        rows.setdefault(0, []).append(_short(error.error))
    return [{"row": n, "messages": msgs} for n, msgs in sorted(rows.items())]


def cap_errors(errors: list[dict], limit: int | None = None) -> list[dict]:
    """The first `limit` (IMPORT_MAX_ERRORS) rows of errors; when there are more, a last entry (row 0,
    shown as "—") says how many. What is stored and shown stays small whatever the file holds."""
    limit = settings.IMPORT_MAX_ERRORS if limit is None else limit
    if len(errors) <= limit:
        return errors
    rest = len(errors) - limit
    note = _("另有 %(n)d 行有误，未逐一列出。请先修改以上各行，再重新上传。") % {"n": rest}
    return [*errors[:limit], {"row": 0, "messages": [note]}]


@dataclass
class ImportOutcome:
    """What an import service reports to its page: rows read, bad rows (all of them), and on success
    the sentence to show."""

    rows: int = 0
    errors: list[dict] = field(default_factory=list)
    success: str = ""
    context: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_page(request, *, template: str, run, success_url: str, form_class=None, context=None):
    """The one import page flow: a file form; on POST `run(upload)` calls the service and returns an
    ImportOutcome. A ValidationError from the service lands on the file field; bad rows are listed
    (the first IMPORT_MAX_ERRORS, with a count of the rest); success redirects with its message."""
    from .forms import XlsxUploadForm
    from .web import errors_to_form

    form = (form_class or XlsxUploadForm)(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = run(form.cleaned_data["file"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if outcome.ok:
                messages.success(request, outcome.success)
                return redirect(success_url)
    errors = cap_errors(outcome.errors) if outcome else []
    summary = ""
    if outcome and errors:
        summary = _("文件共 %(rows)d 行，其中 %(bad)d 行有误，未导入任何数据。请修改后重新上传。") % {
            "rows": outcome.rows,
            "bad": len([e for e in outcome.errors if e["row"]]),
        }
    return render(
        request,
        template,
        {
            "form": form,
            "errors": errors,
            "summary": summary,
            **(outcome.context if outcome else {}),
            **(context or {}),
        },
    )
