"""The money panel (资金): the sub-funds' figures at the end of the chosen month.

The refresh writes one FundMonth row per sub-fund and month of the year (its month end, or the
refresh day within the current month) from the ledger (funds.selectors.figures_at: a fixed number of
grouped queries for all months and funds); the page reads the chosen month's rows and
funds.cockpit_panels turns them into the panel's figures, links and alerts.
"""

from datetime import date

from django.utils.translation import gettext_lazy

from funds.cockpit_panels import money_alerts, money_figures
from funds.models import BridgeLoan, Guarantee
from funds.selectors import current_sub_funds, figures_at
from programs.models import Programme

from .derivations import months_of
from .models import FundMonth

_UNSET = object()


def refresh_fund_months(*, year: int, today: date) -> int:
    """Rewrite the year's FundMonth rows: delete and insert, so a second run gives the same rows.
    Four queries (and the delete and the insert), whatever the number of months, entries or loans.
    The pause flag is today's, so it is written only into the latest month the cockpit can show."""
    from .services import as_of_month, month_end, year_in_force

    months = months_of(year, today)
    FundMonth.objects.filter(month__year=year).delete()
    programme = Programme.objects.current()
    if programme is None or not months:
        return 0
    in_force = year_in_force(programme, today)
    latest = (
        month_end(in_force, as_of_month(in_force, today), today) if as_of_month(in_force, today) else None
    )
    subs = list(current_sub_funds(programme).order_by("order", "code"))
    ends = {m: month_end(year, m, today) for m in months}
    figures = figures_at(subs, list(ends.values()))
    rows = []
    for s in subs:
        for m, end in ends.items():
            f = figures[(s.pk, end)]
            ages = f["ages"]
            rows.append(
                FundMonth(
                    month=date(year, m, 1),
                    as_of=end,
                    sub_fund=s,
                    size=s.size,
                    paid_in=f["paid_in"],
                    deployed=f["deployed"],
                    outstanding=f["outstanding"],
                    available=f["available"],
                    net_capital=f["net_capital"],
                    exposure=f["exposure"],
                    n_overdue_1=ages["1-3"][0],
                    overdue_1=ages["1-3"][1],
                    n_overdue_4=ages["4-10"][0],
                    overdue_4=ages["4-10"][1],
                    n_overdue_11=ages[">10"][0],
                    overdue_11=ages[">10"][1],
                    has_entries=f["has_entries"],
                    paused=s.paused if end == latest else None,
                )
            )
    FundMonth.objects.bulk_create(rows)
    return len(rows)


def _context(user, year: int, month: int) -> dict | None:
    """One query: the month's rows with their sub-funds."""
    if not month:
        return None
    rows = list(
        FundMonth.objects.visible_to(user)
        .filter(month=date(year, month, 1))
        .select_related("sub_fund")
        .order_by("sub_fund__order", "sub_fund__code")
    )
    if not rows:
        return None
    return money_figures(rows, rows[0].as_of, rows[0].written_at)


class MoneyPanel:
    code = "money"
    title = gettext_lazy("资金")
    order = 10

    refresh_on = [BridgeLoan, Guarantee]

    def refresh(self, *, year: int, today: date) -> None:
        refresh_fund_months(year=year, today=today)

    def context(self, *, user, year: int, month: int, as_of: date | None = None) -> dict | None:
        data = _context(user, year, month)
        # the cockpit asks for the alerts right after the context: they reuse these figures
        user._cockpit_money = data
        return data

    def alerts(self, *, user, year: int, month: int, as_of: date | None = None) -> list[dict]:
        data = getattr(user, "_cockpit_money", _UNSET)
        if data is not _UNSET:
            del user._cockpit_money
        return money_alerts(_context(user, year, month) if data is _UNSET else data)  # type: ignore[arg-type]


PANELS = [MoneyPanel()]
