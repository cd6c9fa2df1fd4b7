"""Figures: official over self-reported, 同比 growth with its working, the gaps between the two."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Abs, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Enterprise

from ..figures import (
    ANNUAL,
    CRITERIA_FIGURES,
    FIGURE_CODES,
    NOT_CUMULATIVE,
    FigureCode,
    Growth,
    Resolved,
    amount_of,
    explain_growth,
    growth_rate,
    label_of,
    share,
    unit_of,
)
from ..models import (
    Figure,
)
from .common import OFFICIAL, SELF, gap_threshold

# --- figures ---------------------------------------------------------------------------------------


def _provenance(figure: Figure) -> str:
    if figure.source == OFFICIAL:
        dept = figure.department.name if figure.department is not None else _("统计数据")
        return _("%(dept)s 导入 #%(batch)s") % {"dept": dept, "batch": figure.batch_id or "—"}
    if figure.report_id and figure.report is not None:
        return _("月报 第%(v)s版") % {"v": figure.report.version}
    return _("企业自报")


def resolve(figures) -> dict[tuple[int, int, str], Resolved]:
    """Official over self for each (year, month, metric), keeping both sides."""
    out: dict[tuple[int, int, str], Resolved] = {}
    for f in figures:
        key = (f.year, f.month, f.metric)
        r = out.get(key)
        if r is None:
            r = out[key] = Resolved(code=f.metric, year=f.year, month=f.month)
        amount = amount_of(f.value, f.ytd)
        if f.source == OFFICIAL:
            r.official_amount = amount
        else:
            r.self_amount = amount
        if f.source == OFFICIAL or not r.source:
            r.value, r.ytd, r.source, r.provenance = f.value, f.ytd, f.source, _provenance(f)
    return out


@dataclass
class FigureSheet:
    """An enterprise's figures for one year and the year before, resolved, with 同比 and shares."""

    enterprise: Enterprise
    year: int
    cells: dict = field(default_factory=dict)

    def get(self, code: str, month: int, year: int | None = None) -> Resolved:
        year = self.year if year is None else year
        return self.cells.get((year, month, code)) or Resolved(code=code, year=year, month=month)

    def annual(self, code: str, year: int | None = None) -> Resolved:
        """The year's figure: the annual row (month 0) if any, else December's year-to-date."""
        year = self.year if year is None else year
        found = self.cells.get((year, ANNUAL, code))
        if found is not None:
            return found
        december = self.cells.get((year, 12, code))
        if december is None or december.amount is None:
            return Resolved(code=code, year=year, month=ANNUAL)
        return Resolved(
            code=code,
            year=year,
            month=ANNUAL,
            value=december.amount,
            source=december.source,
            provenance=december.provenance,
            note=_("按12月本年累计"),
            official_amount=december.official_amount,
            self_amount=december.self_amount,
        )

    def latest(self, code: str) -> Resolved:
        """The year's figure if complete, else the latest month's year-to-date (for progress on goals)."""
        annual = self.annual(code)
        if annual.amount is not None:
            return annual
        for month in range(12, 0, -1):
            r = self.cells.get((self.year, month, code))
            if r is not None and r.amount is not None:
                return r
        return annual

    def annual_growth(self, code: str) -> Growth:
        return explain_growth(code, self.annual(code), self.annual(code, self.year - 1))

    def cumulative(self, code: str, month: int, year: int | None = None) -> Resolved:
        """The year-to-date at `month`: as reported or imported; else the sum of the months 1..month
        when every one is known; in December, else the year's figure (an annual import)."""
        year = self.year if year is None else year
        found = self.get(code, month, year)
        if found.ytd is not None or code in NOT_CUMULATIVE:
            return found
        months = [self.cells.get((year, m, code)) for m in range(1, month + 1)]
        if all(m is not None and m.value is not None for m in months):
            return Resolved(
                code=code,
                year=year,
                month=month,
                value=found.value,
                ytd=sum((m.value for m in months if m is not None and m.value is not None), Decimal(0)),
                source=found.source,
                provenance=found.provenance,
                note=_("按1—%(month)s月当月值合计") % {"month": month},
            )
        if month == 12 and self.annual(code, year).amount is not None:
            return self.annual(code, year)
        return found

    def monthly_growth(self, code: str, month: int) -> Growth:
        return explain_growth(code, self.cumulative(code, month), self.cumulative(code, month, self.year - 1))

    @property
    def months(self) -> list[int]:
        return sorted({m for (y, m, _c) in self.cells if y == self.year and m != ANNUAL})

    def annual_rows(self) -> list[dict]:
        rows = []
        for code in FIGURE_CODES:
            growth = self.annual_growth(code)
            rows.append(
                {
                    "code": code,
                    "label": label_of(code),
                    "unit": unit_of(code),
                    "current": growth.current,
                    "previous": growth.previous,
                    "growth": growth,
                }
            )
        return rows

    def monthly_rows(self) -> list[dict]:
        rows = []
        for month in self.months:
            cells = []
            for code in FIGURE_CODES:
                growth = self.monthly_growth(code, month)
                cells.append({"code": code, "unit": unit_of(code), "cell": growth.current, "growth": growth})
            rows.append({"month": month, "cells": cells})
        return rows

    def ratios(self) -> list[dict]:
        revenue = self.annual(FigureCode.MAIN_REVENUE)
        out = []
        for label, code in (
            (_("研发投入占主营业务收入比重"), FigureCode.RD_SPENDING),
            (_("高端产品收入占主营业务收入比重"), FigureCode.HIGH_END_REVENUE),
        ):
            part = self.annual(code)
            value = share(part.amount, revenue.amount)
            how = (
                _("%(part)s ÷ %(whole)s × 100 = %(value)s%%")
                % {"part": part.amount, "whole": revenue.amount, "value": value}
                if value is not None
                else _("缺少%(year)s年数据，无法计算。") % {"year": self.year}
            )
            out.append({"label": label, "value": value, "explanation": how})
        return out


def figures_for(enterprise: Enterprise, year: int) -> FigureSheet:
    """The enterprise's figures of `year` and `year − 1` (for 同比), official winning over self (1 query)."""
    rows = (
        Figure.objects.filter(enterprise=enterprise, year__in=[year, year - 1])
        .select_related("department", "report")
        .only(
            "year",
            "month",
            "metric",
            "source",
            "value",
            "ytd",
            "batch_id",
            "department__name",
            "report__version",
        )
    )
    return FigureSheet(enterprise=enterprise, year=year, cells=resolve(rows))


def figure_years(enterprise: Enterprise, *, also=()) -> list[int]:
    """Years with any figure of the enterprise (for the year picker), newest first."""
    years = set(
        Figure.objects.filter(enterprise=enterprise).order_by().values_list("year", flat=True).distinct()
    )
    return sorted(years | set(also) | {timezone.localdate().year - 1}, reverse=True)


def latest_full_year(enterprise_id: int, before: int) -> int | None:
    """The latest year before `before` with a whole year's figures (an annual row or December)."""
    return (
        Figure.objects.filter(enterprise_id=enterprise_id, year__lt=before)
        .filter(Q(month=ANNUAL) | Q(month=12))
        .aggregate(y=Max("year"))["y"]
    )


def criteria_values(sheet: FigureSheet) -> dict[str, tuple[Decimal | None, dict]]:
    """The pools' criteria metrics (programs.Metric) from a sheet: {metric: (value, source)}, the source
    naming where the figure came from, its period, and for derived values how they were computed."""
    out = {}
    for metric, how in CRITERIA_FIGURES.items():
        kind = how[0]
        if kind == "value":
            r = sheet.annual(how[1])
            out[metric] = (
                r.amount,
                {"source": r.source_label, "period": r.period_note, "detail": r.provenance},
            )
        elif kind == "growth":
            g = sheet.annual_growth(how[1])
            out[metric] = (
                g.rate,
                {
                    "source": g.source_label,
                    "period": _("%(year)s年同比") % {"year": sheet.year},
                    "detail": g.explanation,
                },
            )
        else:
            part, whole = sheet.annual(how[1]), sheet.annual(how[2])
            value = share(part.amount, whole.amount)
            labels = "、".join(dict.fromkeys(r.source_label for r in (part, whole) if r.source))
            out[metric] = (
                value,
                {
                    "source": labels,
                    "period": part.period_note,
                    "detail": _("%(a)s ÷ %(b)s × 100") % {"a": label_of(how[1]), "b": label_of(how[2])},
                },
            )
    return out


def prefill_from_figures(*, enterprise, year: int, wanted: set) -> tuple[dict, dict]:
    """The nomination prefill: the latest full year before `year`, its figures and their growth."""
    if enterprise is None or not wanted & set(CRITERIA_FIGURES):
        return {}, {}
    full_year = latest_full_year(enterprise.pk, year)
    if full_year is None:
        return {}, {}
    values = criteria_values(figures_for(enterprise, full_year))
    metrics, sources = {}, {}
    for metric in wanted:
        value, source = values.get(metric, (None, None))
        if value is not None:
            metrics[metric] = str(value)
            sources[metric] = source
    return metrics, sources


def growth_rates(
    *, year: int, month: int = ANNUAL, codes=None, enterprise_ids=None
) -> dict[int, dict[str, tuple]]:
    """同比 for many enterprises at once: {enterprise_id: {code: (current, previous, rate, source)}}.

    One query over (year, year − 1); official over self; for the year, the annual row or else December's
    year-to-date; for a month, its year-to-date (累计同比). Rates are None when last year is missing or 0.
    """
    codes = list(codes or FIGURE_CODES)
    months = [ANNUAL, 12] if month == ANNUAL else [month]
    qs = Figure.objects.filter(year__in=[year, year - 1], month__in=months, metric__in=codes)
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=list(enterprise_ids))
    # rank: annual official 0, annual self 1, December official 2, December self 3 (lower wins)
    best: dict[tuple[int, int, str], tuple[int, Decimal, str]] = {}
    for ent, y, m, code, source, value, ytd in qs.values_list(
        "enterprise_id", "year", "month", "metric", "source", "value", "ytd"
    ).iterator(chunk_size=20000):
        amount = ytd if ytd is not None else value
        if amount is None:
            continue
        rank = (0 if m == month else 2) + (0 if source == OFFICIAL else 1)
        key = (ent, y, code)
        held = best.get(key)
        if held is None or rank < held[0]:
            best[key] = (rank, amount, source)
    out: dict[int, dict[str, tuple]] = {}
    for (ent, y, code), (_rank, amount, source) in best.items():
        if y != year:
            continue
        previous = best.get((ent, year - 1, code))
        prev_amount = previous[1] if previous else None
        out.setdefault(ent, {})[code] = (amount, prev_amount, growth_rate(amount, prev_amount), source)
    return out


# --- gaps between self-reported and official figures ---------------------------------------------


def gaps_for(user, *, year: int, month: int | None = None, town=None, flagged_only: bool = True) -> QuerySet:
    """Self-reported figures with an official counterpart, the gap in percent; flagged above the threshold."""
    official = Figure.objects.filter(
        enterprise_id=OuterRef("enterprise_id"),
        year=OuterRef("year"),
        month=OuterRef("month"),
        metric=OuterRef("metric"),
        source=OFFICIAL,
    )
    qs = (
        Figure.objects.visible_to(user)
        .filter(source=SELF, year=year)
        .annotate(
            self_amount=Coalesce("ytd", "value"),
            official_amount=Subquery(official.annotate(a=Coalesce("ytd", "value")).values("a")[:1]),
        )
        .filter(Exists(official), official_amount__isnull=False)
        .select_related("enterprise", "enterprise__town")
    )
    if month is not None:
        qs = qs.filter(month=month)
    if town:
        qs = qs.filter(enterprise__town=town)
    if flagged_only:
        threshold = gap_threshold() / 100
        qs = qs.annotate(diff=Abs(F("self_amount") - F("official_amount"))).filter(
            Q(official_amount=0, self_amount__gt=0)
            | Q(official_amount__gt=0, diff__gt=F("official_amount") * threshold)
        )
    return qs.order_by("enterprise__town__order", "enterprise__name", "month", "metric")
