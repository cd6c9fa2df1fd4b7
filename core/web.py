"""Small helpers every app's views share: pagination (counted no further than needed), carrying service
errors to the user, the download of a stored file, and Excel downloads (an export with its
audit row)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property

from . import audit
from .xlsx import XLSX_CONTENT_TYPE

PAGE_SIZE = 25
# A list counts its rows up to this many (or to the page asked for and the next); beyond, it says "more than".
COUNT_UP_TO = 1000
# Everything under this path is the API: answers are JSON, never a page or a redirect.
API_PREFIX = "/api/"


class CappedPaginator(Paginator):
    """Counts no further than it must: at most `up_to` rows, or up to the page asked for and one page
    more, in one `SELECT COUNT(*) FROM (… LIMIT n)` without the list's ORDER BY. Below that the count is
    exact; above it `capped` is true and `count` is the number the rows are known to exceed (the pages
    say "超过 N 条", and the page asked for always has a next one)."""

    def __init__(self, object_list, per_page, *, number=1, up_to: int = COUNT_UP_TO, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = max(up_to, number * per_page + per_page)

    @cached_property
    def _counted(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            if not rows.query.distinct_fields:  # DISTINCT ON needs its ORDER BY
                rows = rows.order_by()
            return rows[: self.limit + 1].count()
        return len(rows)

    @cached_property
    def capped(self) -> bool:
        return self._counted > self.limit

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)


def page_of(request, queryset, size: int = PAGE_SIZE):
    """One page of a list as the request asks (?page=), counted by CappedPaginator."""
    asked = request.GET.get("page")
    number = int(asked) if isinstance(asked, str) and asked.isdigit() else 1
    return CappedPaginator(queryset, size, number=min(number, 10**6), up_to=COUNT_UP_TO).get_page(asked)


def errors_to_messages(request, exc: ValidationError) -> None:
    """A service's ValidationError shown as messages (for POST-and-redirect actions)."""
    for errors in exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]:
        for error in errors:
            messages.error(request, error)


def form_errors_to_messages(request, form) -> None:
    """An invalid form of a POST-and-redirect action (no page to show it on) as messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def errors_to_form(form, exc: ValidationError) -> None:
    """A service's ValidationError put on the form's fields (unknown fields: on the form)."""
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        form.add_error(field if field in form.fields else None, errors)


def stored_file(
    stored, filename: str, *, what: str = "file", content_type: str | None = None
) -> FileResponse:
    """The download of a row's stored file (evidence, a report) under the name it had; a 404 naming
    `what` when the row has none."""
    if not stored:
        raise Http404(what)
    return FileResponse(stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type)


def xlsx_download(content: bytes, filename: str) -> HttpResponse:
    """An Excel workbook the browser saves as `filename`."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename={filename}"
    return response


def stamped(name: str) -> str:
    """An export's file name: `name` and the local time it was made (`enterprises-20261201-0930.xlsx`)."""
    return f"{name}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


def exported_xlsx(request, content: bytes, filename: str, **event) -> HttpResponse:
    """The download of an export, after its EXPORT audit row by the user; `event` is what the row
    says (`export_event(...)`, or an instance with its event and params)."""
    audit.record(actor=request.user, action=audit.AuditAction.EXPORT, **event)
    return xlsx_download(content, filename)
