"""An enterprise's credit and the ratings list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.list_pages import filtered_list
from core.permissions import require
from core.web import page_of
from enterprises.models import Enterprise

from .. import permissions, selectors, services
from ..forms import (
    RatingFilterForm,
)
from ..gates import support_block_reason

# --- enterprise credit and ratings -----------------------------------------------------------------


def _enterprise_page(request, enterprise):
    user = request.user
    status = selectors.status_of(user, enterprise)
    details = permissions.can_view_record_details(user, enterprise)
    records = (
        selectors.records_for(user, enterprise=enterprise) if permissions.can_view_records(user) else None
    )
    history = page_of(request, selectors.rating_history(user, enterprise), size=12)
    explanation = selectors.explanation_for(user, status.rating) if status and status.rating_id else None
    return render(
        request,
        "credit/enterprise_credit.html",
        {
            "enterprise": enterprise,
            "status": status,
            "explanation": explanation,
            "history": history,
            "records": records[:100] if records is not None else None,
            "details": details,
            "block_reason": support_block_reason(enterprise),
            "appeals": selectors.appeals_for(user, state="").filter(enterprise=enterprise)[:20]
            if details
            else [],
            "can_rate": permissions.can_rate(user),
            "can_manage_blacklist": permissions.can_manage_blacklist(user),
        },
    )


@login_required
def enterprise_credit(request, pk):
    require(permissions.can_view_ratings(request.user))
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.user).select_related("town", "industry"), pk=pk
    )
    return _enterprise_page(request, enterprise)


@login_required
def mine(request):
    require(permissions.can_view_own_credit(request.user))
    enterprise = get_object_or_404(
        Enterprise.objects.select_related("town", "industry"), pk=request.user.enterprise_id
    )
    return _enterprise_page(request, enterprise)


def _ratings_by_name(user, *, sort: str = "", **filters):
    """Unsorted, the list goes by name (the registry's LIST_ORDER, an index); the export by town."""
    return selectors.enterprise_ratings_for(user, sort=sort or "name", **filters)


@login_required
def rating_list(request):
    require(permissions.can_view_ratings(request.user))
    if permissions.can_view_own_credit(request.user):
        return redirect("credit:mine")
    return filtered_list(
        request,
        RatingFilterForm,
        _ratings_by_name,
        template="credit/rating_list.html",
        table="credit/_rating_table.html",
        can_rate=permissions.can_rate(request.user),
    )


@login_required
def rating_detail(request, pk):
    rating = selectors.rating_get(request.user, pk)
    return render(
        request,
        "credit/rating_detail.html",
        {"rating": rating, "explanation": selectors.explanation_for(request.user, rating)},
    )


@login_required
@require_POST
def rate(request, pk=None):
    enterprise = None
    if pk is not None:
        enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk)
    services.rate_on_demand(actor=request.user, enterprise=enterprise)
    if enterprise is None:
        messages.success(request, _("已开始对全部企业重新评级，完成后总览将更新。"))
        return redirect("credit:overview")
    messages.success(request, _("已重新评级。"))
    return redirect("credit:enterprise_credit", pk=pk)
