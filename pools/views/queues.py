"""Work queues: a department decides on many nominations at once, a town submits many drafts at once.
Each item goes through the workflow service on its own (services.nominations_batch); the page lists
each item's result."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require
from core.web import errors_to_messages

from .. import permissions, services
from ..models import Nomination, NominationState
from ..workflow import TRANSITIONS
from .common import _programme


def _ids(request) -> list[int]:
    return [int(v) for v in request.POST.getlist("ids") if v.isdigit()]


def _results(request, *, results, action: str, back: str):
    done = sum(1 for r in results if r.ok)
    return render(
        request,
        "pools/batch_results.html",
        {
            "results": results,
            "label": TRANSITIONS[action].label,
            "done": done,
            "failed": len(results) - done,
            "back": back,
        },
    )


@login_required
@require_POST
def review_bulk(request):
    """批量通过 / 批量退回 from the review queue."""
    require(permissions.can_view_review_queue(request.user))
    action = request.POST.get("action", "")
    if action not in ("approve", "return"):
        action = ""
    try:
        results = services.nominations_batch(
            actor=request.user, ids=_ids(request), action=action, comment=request.POST.get("comment", "")
        )
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect("pools:review_queue")
    return _results(request, results=results, action=action, back="pools:review_queue")


@login_required
def bulk_submit(request):
    """A town's drafts (those made by the bulk upload among them), submitted in one go."""
    require(permissions.can_create_nomination(request.user))
    programme = _programme(request.user)
    if request.method == "POST":
        try:
            results = services.nominations_batch(actor=request.user, ids=_ids(request), action="submit")
        except ValidationError as exc:
            errors_to_messages(request, exc)
            return redirect("pools:bulk_submit")
        return _results(request, results=results, action="submit", back="pools:bulk_submit")
    drafts = (
        Nomination.objects.visible_to(request.user)
        .filter(programme=programme, state__in=[NominationState.DRAFT, NominationState.RETURNED])
        .select_related("pool", "enterprise", "project")
        .order_by("pool__order", "id")
    )
    return render(request, "pools/bulk_submit.html", {"drafts": drafts, "title": _("批量提交草稿")})
