"""Figures pages and the late-reports list."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.list_pages import list_page
from core.params import parse_year
from core.permissions import require
from core.web import page_of

from .. import permissions, selectors
from ..figures import (
    FIGURE_CODES,
    FigureCode,
    gap_percent,
    is_large_gap,
    label_of,
    period_label,
    unit_of,
)
from ..forms import (
    GapFilterForm,
    LateFilterForm,
)

# --- figures ---------------------------------------------------------------------------------------


@login_required
def enterprise_figures(request, pk):
    enterprise = get_object_or_404(selectors.figure_enterprises(request.user).select_related("town"), pk=pk)
    today = timezone.localdate()
    try:
        year = parse_year(
            request.GET.get("year"),
            default=selectors.latest_full_year(enterprise.pk, today.year + 1) or today.year,
        )
    except ValueError:
        year = today.year
    sheet = selectors.figures_for(enterprise, year)
    threshold = selectors.gap_threshold()
    annual = sheet.annual_rows()
    for row in annual:
        row["flagged"] = row["current"].large_gap(threshold)
    output = FigureCode.OUTPUT
    chart = {
        "months": [f"{m}" for m in range(1, 13)],
        "unit": str(_("万元")),
        "current": [_float(sheet.get(output, m).amount) for m in range(1, 13)],
        "previous": [_float(sheet.get(output, m, year - 1).amount) for m in range(1, 13)],
        "current_label": _("%(y)s年产值累计") % {"y": year},
        "previous_label": _("%(y)s年产值累计") % {"y": year - 1},
    }
    return render(
        request,
        "reporting/figures.html",
        {
            "enterprise": enterprise,
            "year": year,
            "sheet": sheet,
            "annual": annual,
            "chart": chart,
            "monthly": sheet.monthly_rows(),
            "ratios": sheet.ratios(),
            "threshold": threshold,
            "show_gaps": permissions.can_view_gaps(request.user),
            "years": selectors.figure_years(enterprise, also=(year,)),
            "codes": [(c, label_of(c), unit_of(c)) for c in FIGURE_CODES],
        },
    )


def _float(value):
    return float(value) if value is not None else None


@login_required
def figures_mine(request):
    require(permissions.can_view_own_figures(request.user))
    return enterprise_figures(request, request.user.enterprise_id)


@login_required
def gaps(request):
    require(permissions.can_view_gaps(request.user))
    today = timezone.localdate()
    params = request.GET.copy()
    params.setdefault("year", str(today.year - 1))
    filters = GapFilterForm(params, user=request.user)
    if filters.is_valid():
        d = filters.cleaned_data
        qs = selectors.gaps_for(
            request.user,
            year=d["year"],
            month=d.get("month"),
            town=d.get("town"),
            flagged_only=not d.get("all_rows"),
        )
    else:
        qs = selectors.gaps_for(request.user, year=today.year - 1)
    page = page_of(request, qs, 50)
    threshold = selectors.gap_threshold()
    for f in page:
        f.gap = gap_percent(f.official_amount, f.self_amount)
        f.flagged = is_large_gap(f.official_amount, f.self_amount, threshold)
        f.period = period_label(f.year, f.month)
        f.unit = unit_of(f.metric)
    return list_page(
        request,
        template="reporting/gaps.html",
        table="reporting/_gap_table.html",
        filters=filters,
        page=page,
        threshold=threshold,
    )


# --- lateness --------------------------------------------------------------------------------------


@login_required
def late(request):
    require(permissions.can_view_late(request.user))
    today = timezone.localdate()
    filters = LateFilterForm(request.GET or None, user=request.user)
    d = filters.cleaned_data if filters.is_valid() else {}
    as_of = d.get("as_of") if d.get("as_of") and d["as_of"] < today else None  # a past day, or today
    page = page_of(
        request,
        selectors.late_by_enterprise(
            request.user,
            today=today,
            year=d.get("year"),
            town=d.get("town"),
            search=d.get("q", ""),
            as_of=as_of,
        ),
    )
    periods = selectors.missing_periods(
        [row["enterprise_id"] for row in page], today=today, year=d.get("year"), as_of=as_of
    )
    reminded = selectors.last_reminders([row["enterprise_id"] for row in page])
    for row in page:
        row["periods"] = [period_label(y, m) for y, m in periods.get(row["enterprise_id"], [])]
        row["reminded"] = reminded.get(row["enterprise_id"])
    towns = selectors.late_by_town(request.user, today=today, year=d.get("year"), as_of=as_of)
    return list_page(
        request,
        template="reporting/late.html",
        table="reporting/_late_table.html",
        filters=filters,
        page=page,
        towns=towns,
        today=today,
        can_remind=permissions.can_remind_late(request.user),
    )
