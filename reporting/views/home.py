"""The enterprise home page."""

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone

from accounts.decorators import role_required
from accounts.models import Role

from .. import selectors
from ..forms import (
    ReportStartForm,
)

# --- the enterprise's home -------------------------------------------------------------------------


@role_required(Role.ENTERPRISE)
def enterprise_home(request):
    """The enterprise's home: its pool entries and plans, what is due, what is late, its key figures."""
    context = selectors.enterprise_dashboard(request.user)
    context["start_form"] = ReportStartForm(initial=_next_period(context))
    return render(request, "reporting/enterprise_home.html", context)


def _next_period(context) -> dict:
    owed = context["late"][:1] or context["upcoming"][:1]
    if owed:
        return {"year": owed[0].year, "month": owed[0].month}
    today = timezone.localdate()
    previous = today.replace(day=1) - timedelta(days=1)
    return {"year": previous.year, "month": previous.month}
