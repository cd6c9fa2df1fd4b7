"""Actuals of the district indicators, derived by the rule the programme file gives each indicator
(DistrictIndicator.derivation, see programs/data/luofa-2016-23.yaml), and the time progress.

No rule lives here as code for a particular indicator: each `kind` is a generic computation whose
parameters (figure, source, enterprise filters, park filters) come from the file. A period without
data gives None (shown as unknown), never 0.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from programs.models import DerivationKind, DistrictIndicator, Park, Programme

ONE_DECIMAL = Decimal("0.1")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ANNUAL = 0


def time_progress(year: int, month: int, today: date) -> Decimal:
    """时间进度 in % as of the end of `month` of `year`: month/12 for a month that has ended; within
    the current month, the elapsed share of it (today counted). 100 at the year's end."""
    if (year, month) < (today.year, today.month):
        elapsed = Decimal(month)
    elif (year, month) == (today.year, today.month):
        days = calendar.monthrange(year, month)[1]
        elapsed = Decimal(month - 1) + Decimal(today.day) / Decimal(days)
    else:
        elapsed = Decimal(0)
    return (elapsed / 12 * HUNDRED).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def months_of(year: int, today: date) -> list[int]:
    """The months of `year` that have begun by `today`."""
    if year < today.year:
        return list(range(1, 13))
    if year == today.year:
        return list(range(1, today.month + 1))
    return []


def ratio(numerator, denominator) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator) * HUNDRED).quantize(ONE_DECIMAL, ROUND_HALF_UP)


@dataclass
class Value:
    actual: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    period: str = ""


# {(month, town_id or None): Value}; town None is the district.
Values = dict[tuple[int, int | None], Value]


def _enterprise_q(rule: dict, programme: Programme, prefix: str = "") -> Q:
    q = Q()
    for key, wanted in (rule or {}).items():
        if key == "in_leading_industry":
            leading = Q(**{f"{prefix}leading_industry_id__in": programme.leading_industries.values("pk")})
            q &= leading if wanted else ~leading
        else:
            q &= Q(**{f"{prefix}{key}": wanted})
    return q


def _figure_sums(rule: dict, programme: Programme, year: int, parts: dict[str, dict]) -> dict:
    """{(month, town_id): {part: sum}} of the rule's figure (year to date, or the annual value), one
    grouped query over the period's rows."""
    from reporting.models import Figure

    rows = (
        Figure.objects.filter(year=year, metric=rule["metric"], source=rule.get("source", "official"))
        .values("month", "enterprise__town_id")
        .annotate(
            **{
                name: Sum("ytd", filter=_enterprise_q(r, programme, "enterprise__"))
                for name, r in parts.items()
            },
            **{
                f"{name}_annual": Sum("value", filter=_enterprise_q(r, programme, "enterprise__"))
                for name, r in parts.items()
            },
        )
    )
    out: dict = {}
    for row in rows:
        month, town = row["month"], row["enterprise__town_id"]
        for name in parts:
            total = row[f"{name}_annual"] if month == ANNUAL else row[name]
            bucket = out.setdefault((month, town), {})
            if total is not None:
                bucket[name] = total
    return out


def _latest(sums: dict, month: int, town, name: str):
    """The figure as of the end of `month`: the annual value at the year's end if known, else the year
    to date of the latest month up to `month` that has any data. (value, period label)."""
    if month == 12 and name in sums.get((ANNUAL, town), {}):
        return sums[(ANNUAL, town)][name], "annual"
    for m in range(month, 0, -1):
        if name in sums.get((m, town), {}):
            return sums[(m, town)][name], m
    return None, None


def _period_label(year: int, found) -> str:
    if found is None:
        return ""
    if found == "annual":
        return _("%(year)s年年报") % {"year": year}
    if found == 1:
        return _("%(year)s年1月") % {"year": year}
    return _("%(year)s年1—%(month)s月") % {"year": year, "month": found}


def _with_district(sums: dict) -> dict:
    """Adds the district's sums (town None) to the per-town sums."""
    district: dict = {}
    for (month, _town), parts in sums.items():
        bucket = district.setdefault((month, None), {})
        for name, total in parts.items():
            bucket[name] = bucket.get(name, 0) + total
    return {**sums, **district}


def figure_values(rule: dict, programme: Programme, year: int, months: list[int], towns: list) -> Values:
    kind = rule["kind"]
    if kind == DerivationKind.FIGURE_SUM:
        parts = {"total": rule.get("enterprises") or {}}
    else:
        parts = {"num": rule.get("numerator") or {}, "den": rule.get("denominator") or {}}
    sums = _with_district(_figure_sums(rule, programme, year, parts))
    out: Values = {}
    for town in [None, *towns]:
        for month in months:
            if kind == DerivationKind.FIGURE_SUM:
                total, found = _latest(sums, month, town, "total")
                out[(month, town)] = Value(
                    None if total is None else Decimal(total).quantize(CENT),
                    period=_period_label(year, found),
                )
            else:
                den, found = _latest(sums, month, town, "den")
                num = None
                if found is not None:
                    bucket = sums.get((ANNUAL if found == "annual" else found, town), {})
                    num = bucket.get("num", Decimal(0))
                out[(month, town)] = Value(
                    ratio(num, den), numerator=num, denominator=den, period=_period_label(year, found)
                )
    return out


def current_state_values(rule: dict, programme: Programme, month: int, towns: list, today: date) -> Values:
    """Enterprise flags and the parks registry hold today's state only: one value, as of `month`."""
    from enterprises.models import Enterprise

    kind = rule["kind"]
    period = _("%(date)s 的登记") % {"date": f"{today:%Y-%m-%d}"}
    out: Values = {}
    if kind == DerivationKind.ENTERPRISE_SHARE:
        rows = (
            Enterprise.objects.order_by()
            .values("town_id")
            .annotate(
                num=Count("id", filter=_enterprise_q(rule.get("numerator"), programme)),
                den=Count("id", filter=_enterprise_q(rule.get("denominator"), programme)),
            )
        )
        by_town = {r["town_id"]: (r["num"], r["den"]) for r in rows}
        num_all = sum(n for n, _d in by_town.values())
        den_all = sum(d for _n, d in by_town.values())
        for town in [None, *towns]:
            num, den = (num_all, den_all) if town is None else by_town.get(town, (0, 0))
            out[(month, town)] = Value(
                ratio(num, den),
                numerator=Decimal(num),
                denominator=Decimal(den),
                period=period if den else "",
            )
    elif kind == DerivationKind.PARK_COUNT:
        rows = (
            Park.objects.filter(**(rule.get("parks") or {}))
            .order_by()
            .values("town_id")
            .annotate(n=Count("id"))
        )
        by_town = {r["town_id"]: r["n"] for r in rows}
        for town in [None, *towns]:
            n = sum(by_town.values()) if town is None else by_town.get(town, 0)
            out[(month, town)] = Value(Decimal(n), period=period)
    return out


def indicator_values(
    indicator: DistrictIndicator,
    programme: Programme,
    year: int,
    months: list[int],
    towns: list,
    today: date,
    *,
    in_force: bool,
) -> Values:
    """The derived values of one indicator for the months of `year`; {} where the office enters it.
    `in_force`: the year the current state (flags, registry) speaks for (the programme year of today)."""
    rule = indicator.derivation or {}
    kind = rule.get("kind", DerivationKind.ENTERED)
    if not months:
        return {}
    if kind in (DerivationKind.FIGURE_SUM, DerivationKind.FIGURE_RATIO):
        return figure_values(rule, programme, year, months, towns)
    if kind in (DerivationKind.ENTERPRISE_SHARE, DerivationKind.PARK_COUNT) and in_force:
        # Flags and the registry are today's: they speak for the current month of the year in force.
        current = months[-1]
        return current_state_values(rule, programme, current, towns, today)
    return {}
