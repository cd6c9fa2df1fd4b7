"""Excel exports of the nomination lists, scoped and filtered as the pages are; each is audited."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.audit_messages import export_event
from core.list_pages import filtered
from core.web import exported_xlsx, stamped

from .. import selectors
from ..forms import NominationFilterForm
from .common import _programme
from .nominations import review_queue_of


def xlsx_response(request, content: bytes, *, name: str, rows: int, what: str) -> HttpResponse:
    """The download, with its EXPORT audit row (what, how many rows, the filters)."""
    return exported_xlsx(request, content, stamped(name), **export_event(what, rows=rows, query=request.GET))


@login_required
def nomination_export(request):
    """The nomination list as the user sees it (their scope, their filters)."""
    from ..xlsx import nominations_workbook

    programme = _programme(request.user)
    _filters, nominations = filtered(
        request, NominationFilterForm, selectors.nominations_for, programme=programme
    )
    content = nominations_workbook(nominations=nominations, title=_("入库申报"))
    return xlsx_response(request, content, name="nominations", rows=nominations.count(), what="nominations")


@login_required
def review_export(request):
    """The department's review queue, oldest first, with the days each has waited."""
    from ..xlsx import nominations_workbook

    _programme_, _filters, queue = review_queue_of(request)
    content = nominations_workbook(nominations=queue, title=_("审核队列"), queue=True)
    return xlsx_response(request, content, name="review-queue", rows=queue.count(), what="review_queue")
