"""The figures of a year's summary (一年一总结), compiled in a fixed number of queries (one per source,
never one per month or unit) from what the year has already decided:

- the year's published monthly dispatch reports (their frozen snapshots): on-time reporting by month
  and by town, milestones due / done and overdue, the key figures of the last published month against
  the targets;
- the confirmed quarterly reviews: each unit's colour per quarter;
- the published assessment runs of the year: grade distribution, first and last three;
- the supervision cases decided in the year and their rectification.

`annual_figures(programme, year)` returns plain JSON — the snapshot a summary keeps."""

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from programs.models import Programme

from ..models import (
    AnnualSummary,
    AssessmentRun,
    CaseState,
    DispatchReport,
    DispatchState,
    Result,
    ReviewRating,
    ReviewState,
    RunState,
    SupervisionCase,
)
from .periods import rate

RANK_SIZE = 3


def _rate(part, whole) -> str | None:
    value = rate(part, whole)
    return None if value is None else str(value)


def _monthly(programme: Programme, year: int) -> dict[str, Any]:
    """The year's published dispatch reports (a correction replaces what it corrects): one query."""
    by_month: dict[int, Any] = {}
    rows = (
        DispatchReport.objects.filter(programme=programme, year=year, state=DispatchState.PUBLISHED)
        .order_by("month", "published_at", "id")
        .values("month", "doc_number", "snapshot")
    )
    for row in rows:
        by_month[row["month"]] = row  # the latest published of the month wins
    months: list[dict[str, Any]] = []
    towns: dict[str, Counter] = {}
    totals: Counter = Counter()
    for month in sorted(by_month):
        s = by_month[month]["snapshot"] or {}
        rep = s.get("reporting", {}).get("totals", {})
        ms = s.get("milestones", {}).get("totals", {})
        months.append(
            {
                "month": month,
                "doc_number": by_month[month]["doc_number"],
                "entries": rep.get("entries", 0),
                "on_time": rep.get("on_time", 0),
                "late": rep.get("late", 0),
                "missing": rep.get("missing", 0),
                "on_time_rate": rep.get("on_time_rate"),
                "due": ms.get("due", 0),
                "done": ms.get("done", 0),
                "overdue": ms.get("overdue", 0),
            }
        )
        for key in ("entries", "on_time", "late", "missing", "due", "done"):
            totals[key] += months[-1][key]
        overdue_by_town = {r["town"]: r.get("overdue", 0) for r in s.get("milestones", {}).get("by_town", [])}
        for r in s.get("reporting", {}).get("by_town", []):
            t = towns.setdefault(r["town"], Counter())
            for key in ("entries", "on_time", "late", "missing"):
                t[key] += r.get(key, 0)
            t["overdue"] = overdue_by_town.get(r["town"], 0)  # at the last published month's end
    last = by_month[max(by_month)]["snapshot"] if by_month else {}
    town_rows = [
        {
            "town": name,
            **{k: c[k] for k in ("entries", "on_time", "late", "missing", "overdue")},
            "on_time_rate": _rate(c["on_time"], c["entries"]),
        }
        for name, c in towns.items()
    ]
    return {
        "months": months,
        "totals": {
            **{k: totals[k] for k in ("entries", "on_time", "late", "missing", "due", "done")},
            "on_time_rate": _rate(totals["on_time"], totals["entries"]),
            "overdue": months[-1]["overdue"] if months else 0,
            "last_month": months[-1]["month"] if months else None,
        },
        "by_town": town_rows,
        "figures": (last or {}).get("figures", {"metrics": [], "district": [], "time_progress": None}),
    }


def _unit_name():
    return Coalesce(F("town__name"), F("department__name"), F("enterprise__name"))


def _reviews(programme: Programme, year: int) -> dict[str, Any]:
    """Each unit's colour in the confirmed quarterly reviews of the year: one query."""
    rows = (
        ReviewRating.objects.filter(
            review__programme=programme, review__year=year, review__state=ReviewState.CONFIRMED
        )
        .annotate(unit_label=_unit_name(), quarter=F("review__quarter"))
        .order_by("subject", "town__order", "department__order", "unit_label", "quarter")
        .values("subject", "unit_label", "quarter", "colour")
    )
    units: dict[tuple, dict] = {}
    quarters: set[int] = set()
    counts: Counter = Counter()
    for r in rows:
        unit = units.setdefault(
            (r["subject"], r["unit_label"]), {"subject": r["subject"], "unit": r["unit_label"], "colours": {}}
        )
        unit["colours"][str(r["quarter"])] = r["colour"]
        quarters.add(r["quarter"])
        counts[r["colour"]] += 1
    return {
        "quarters": sorted(quarters),
        "units": list(units.values()),
        "counts": {c: counts[c] for c in ("green", "yellow", "red")},
    }


def _runs(programme: Programme, year: int) -> list[dict[str, Any]]:
    """The published assessment runs of the year, each with its results: two queries."""
    runs = list(
        AssessmentRun.objects.filter(scheme__programme=programme, year=year, state=RunState.PUBLISHED)
        .order_by("scheme__subject", "scheme__code", "id")
        .values("id", "scheme__name", "scheme__subject")
    )
    results = defaultdict(list)
    for r in (
        Result.objects.filter(run_id__in=[run["id"] for run in runs])
        .annotate(unit_label=_unit_name())
        .order_by("run_id", F("rank").asc(nulls_last=True), "id")
        .values("run_id", "unit_label", "total", "grade_name", "rank")
    ):
        results[r["run_id"]].append(
            {"unit": r["unit_label"], "total": str(r["total"]), "grade": r["grade_name"], "rank": r["rank"]}
        )
    out = []
    for run in runs:
        rows = results[run["id"]]
        grades = Counter(r["grade"] for r in rows)
        out.append(
            {
                "run": run["id"],
                "scheme": run["scheme__name"],
                "subject": run["scheme__subject"],
                "results": rows,
                "grades": [{"grade": g, "count": n} for g, n in grades.items()],
                "top": rows[:RANK_SIZE],
                "bottom": rows[-RANK_SIZE:][::-1] if len(rows) > RANK_SIZE else [],
            }
        )
    return out


def _supervision(programme: Programme, year: int) -> dict[str, Any]:
    """Supervision cases of the year — registered in it, or triggered by its reviews — proposals and
    dismissed ones left out: one query."""
    rows = list(
        SupervisionCase.objects.filter(programme=programme)
        .filter(Q(created_at__year=year) | Q(trigger__ratings__0__year=year))
        .exclude(state__in=[CaseState.PROPOSED, CaseState.DISMISSED])
        .annotate(unit_label=_unit_name())
        .order_by("created_at", "id")
        .values("unit_label", "subject", "kind", "state", "reason", "deadline", "closed_at")
    )
    with translation.override("zh-hans"):  # the document's language, whoever generates it
        kinds = {k: str(v) for k, v in SupervisionCase._meta.get_field("kind").choices or []}
        states = {k: str(v) for k, v in SupervisionCase._meta.get_field("state").choices or []}
    cases = [
        {
            "unit": r["unit_label"],
            "subject": r["subject"],
            "kind": kinds.get(r["kind"], r["kind"]),
            "state": states.get(r["state"], r["state"]),
            "closed": r["state"] == CaseState.CLOSED,
            "reason": r["reason"],
            "deadline": r["deadline"].isoformat() if r["deadline"] else None,
            "closed_on": timezone.localdate(r["closed_at"]).isoformat() if r["closed_at"] else None,
        }
        for r in rows
    ]
    closed = sum(1 for c in cases if c["closed"])
    return {
        "total": len(cases),
        "closed": closed,
        "open": len(cases) - closed,
        "by_kind": dict(Counter(c["kind"] for c in cases)),
        "cases": cases,
    }


def annual_figures(programme: Programme, year: int, *, today: date | None = None) -> dict[str, Any]:
    """Every figure of the year's summary, as JSON (see the module's docstring)."""
    today = today or timezone.localdate()
    return {
        "programme": {"id": programme.pk, "doc_number": programme.doc_number},
        "year": year,
        "as_of": today.isoformat(),
        "monthly": _monthly(programme, year),
        "reviews": _reviews(programme, year),
        "runs": _runs(programme, year),
        "supervision": _supervision(programme, year),
    }


def annual_summaries_for(user):
    return AnnualSummary.objects.visible_to(user).order_by("-year", "-id")


def annual_summary_get(user, pk: int) -> AnnualSummary:
    from django.http import Http404

    found = AnnualSummary.objects.visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
