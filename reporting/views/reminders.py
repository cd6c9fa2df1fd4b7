"""The late-reports list: 催报 (one enterprise or all those listed) and its Excel export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from core.audit_messages import export_event
from core.permissions import require
from core.web import exported_xlsx

from .. import permissions, selectors, services
from ..figures import period_label
from ..forms import LateFilterForm


def _late_rows(user, data, today):
    d = data if data is not None else {}
    return selectors.late_by_enterprise(
        user, today=today, year=d.get("year"), town=d.get("town"), search=d.get("q", "")
    )


@login_required
@require_POST
def late_remind(request):
    """催报 one enterprise (`enterprise`) or every enterprise the filters list with reports missing."""
    require(permissions.can_remind_late(request.user))
    today = timezone.localdate()
    filters = LateFilterForm(request.POST, user=request.user)
    data = filters.cleaned_data if filters.is_valid() else {}
    if request.POST.get("enterprise", "").isdigit():
        ids = [int(request.POST["enterprise"])]
    else:
        ids = list(
            _late_rows(request.user, data, today)
            .filter(missing__gt=0)
            .values_list("enterprise_id", flat=True)
        )
    outcome = services.late_remind(actor=request.user, enterprise_ids=ids, today=today)
    (messages.success if outcome.sent else messages.warning)(request, outcome.message)
    kept = {k: v for k, v in request.POST.items() if k in ("q", "year", "town", "page") and v}
    return redirect(f"{reverse('reporting:late')}?{urlencode(kept)}")


@login_required
def late_export(request):
    """The late list as the page filters it, one row per enterprise, with the last 催报."""
    from ..xlsx_late import late_workbook

    require(permissions.can_view_late(request.user))
    today = timezone.localdate()
    filters = LateFilterForm(request.GET or None, user=request.user)
    rows = list(_late_rows(request.user, filters.cleaned_data if filters.is_valid() else {}, today))
    ids = [row["enterprise_id"] for row in rows]
    periods = selectors.missing_periods(
        ids, today=today, year=filters.cleaned_data.get("year") if filters.is_valid() else None
    )
    reminded = selectors.last_reminders(ids)
    for row in rows:
        row["periods"] = "、".join(period_label(y, m) for y, m in periods.get(row["enterprise_id"], []))
        row["reminded"] = (reminded.get(row["enterprise_id"]) or {}).get("sent_at")
    return exported_xlsx(
        request,
        late_workbook(rows, today=today),
        f"late-reports-{today:%Y%m%d}.xlsx",
        **export_event("late_reports", rows=len(rows), query=request.GET),
    )
