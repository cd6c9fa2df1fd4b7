"""Reads of the cockpit: only the summary tables (scoped by their visible_to), a fixed number of
queries whatever the data's size, and the address of the list behind every number."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from programs.models import Programme

from . import panels
from .derivations import time_progress
from .models import Alert, CockpitRun, CreditGrade, CreditMonth, IndicatorActual, LateReports, PoolStatus
from .services import as_of_month, month_end, year_in_force

GRADES = ("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C", "D")
# The pipeline as the towns and reviewers move it, in order.
STATES = ("draft", "submitted", "returned", "approved", "rejected", "withdrawn")


@lru_cache(maxsize=64)
def _path(name: str, args: tuple) -> str:
    # The portal has no language prefix or script name in its paths: one reverse per name per process
    # (the page links a hundred-odd numbers to a few lists).
    return reverse(name, args=args)


def url_with(name: str, *args, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return _path(name, args) + (f"?{query}" if query else "")


def nominations_url(user, **params) -> str:
    if user.role == Role.TOWN:
        params.pop("town", None)  # the town's list is its own
    return url_with("pools:nomination_list", **params)


@dataclass
class Scope:
    """Whose cockpit: the district (town None) or one town; a department sees its own rows."""

    user: Any
    town_id: int | None
    label: str

    @property
    def is_department(self) -> bool:
        return self.user.role == Role.DEPARTMENT


def scope_of(user) -> Scope:
    if user.role == Role.TOWN:
        return Scope(user, user.town_id, user.town.name if user.town_id else "")
    if user.role == Role.DEPARTMENT:
        return Scope(user, None, user.department.name if user.department_id else "")
    return Scope(user, None, _("全区"))


def period_of(programme: Programme, year: int | None, month: int | None, today=None) -> tuple[int, int]:
    """The year and month shown: the programme year in force and its latest month by default."""
    today = today or timezone.localdate()
    if year not in programme.years:
        year = year_in_force(programme, today)
    latest = as_of_month(year, today)
    if not month or not 1 <= month <= 12 or month > latest:
        month = latest
    return year, month


@dataclass
class Cockpit:
    programme: Programme
    scope: Scope
    year: int
    month: int
    progress: Decimal
    run: CockpitRun | None
    as_of: date | None = None
    late: dict | None = None
    indicators: list = field(default_factory=list)
    towns_matrix: list = field(default_factory=list)
    pools: list = field(default_factory=list)
    by_town: list = field(default_factory=list)
    by_path: list = field(default_factory=list)
    pipeline: list = field(default_factory=list)
    grades: list = field(default_factory=list)
    credit_months: list = field(default_factory=list)
    alerts: list = field(default_factory=list)
    panels: list = field(default_factory=list)
    placeholders: list = field(default_factory=list)

    @property
    def behind(self) -> list:
        return [r for r in self.indicators if r.behind]

    @property
    def below_quota(self) -> list:
        return [p for p in self.pools if p["below"]]

    def chart(self) -> dict:
        return {
            "progress": float(self.progress),
            "indicators": [
                {
                    "name": r.indicator.name,
                    "completion": None if r.completion is None else float(r.completion),
                    "url": f"#indicator-{r.indicator.code}",
                }
                for r in self.indicators
                if r.target is not None
            ],
            "pools": [
                {
                    "name": p["pool"].name,
                    "in_pool": p["in_pool"],
                    "quota": p["quota_min"],
                    "expected": p["expected"],
                    "url": p["url"],
                }
                for p in self.pools
            ],
            "towns": [{"name": t["town"].name, "n": t["n"], "url": t["url"]} for t in self.by_town],
            "grades": [{"name": g["label"], "n": g["n"], "url": g["url"]} for g in self.grades],
            "months": [
                {"month": f"{m.month:%Y-%m}", "blacklisted": m.blacklisted, "adverse": m.adverse}
                for m in self.credit_months
            ],
        }


def _indicators(scope: Scope, year: int, month: int) -> tuple[list, list]:
    rows = list(
        IndicatorActual.objects.visible_to(scope.user)
        .filter(year=year, month=month)
        .select_related("indicator", "town")
        .order_by("indicator__order", "town__order")
    )
    own = [r for r in rows if r.town_id == scope.town_id]
    by_indicator: dict = {}
    for r in rows:
        if r.town_id is not None and scope.town_id is None:
            by_indicator.setdefault(r.indicator_id, []).append(r)
    matrix = [
        {"indicator": r.indicator, "towns": by_indicator[r.indicator_id]}
        for r in own
        if r.indicator_id in by_indicator
    ]
    return own, matrix


def _state_label(state: str) -> str:
    from pools.models import NominationState

    return str(NominationState(state).label)


def _pools(scope: Scope, year: int, month: int, as_of) -> dict:
    rows = list(
        PoolStatus.objects.visible_to(scope.user)
        .filter(year=year, month=month)
        .select_related("pool", "pool__path", "town")
        .order_by("pool__order", "town__order")
    )
    user = scope.user
    states_of = (lambda r: r.submitted) if scope.is_department else (lambda r: r.states)
    own: list[dict] = []
    towns: dict[int, dict] = {}
    paths: dict[int, dict] = {}
    pipeline = {s: 0 for s in STATES}
    for r in rows:
        if r.town_id is not None:
            entry = towns.setdefault(r.town_id, {"town": r.town, "n": 0})
            entry["n"] += r.in_pool
        if r.town_id != scope.town_id:
            continue
        expected = r.expected if scope.town_id is None else None
        states = states_of(r)
        own.append(
            {
                "pool": r.pool,
                "in_pool": r.in_pool,
                "quota_min": r.quota_min,
                "quota_max": r.quota_max,
                "expected": expected,
                "below": bool(expected) and r.in_pool < expected,
                "by_windows": r.by_windows,
                "url": nominations_url(user, year=year, pool=r.pool_id, in_pool=1, as_of=as_of),
                "page": reverse("pools:pool_page", args=[year, r.pool.code]),
                "states": [
                    {
                        "state": s,
                        "label": _state_label(s),
                        "n": states.get(s, 0),
                        "url": nominations_url(user, year=year, pool=r.pool_id, state=s, as_of=as_of),
                    }
                    for s in STATES
                    if not (scope.is_department and s == "draft")
                ],
            }
        )
        path = paths.setdefault(r.pool.path_id, {"path": r.pool.path, "n": 0})
        path["n"] += r.in_pool
        for s in STATES:
            pipeline[s] += states.get(s, 0)
    for t in towns.values():
        t["url"] = nominations_url(user, year=year, town=t["town"].pk, in_pool=1, as_of=as_of)
    for p in paths.values():
        p["url"] = nominations_url(user, year=year, path=p["path"].pk, in_pool=1, as_of=as_of)
    return {
        "pools": own,
        "by_town": sorted(towns.values(), key=lambda t: t["town"].order),
        "by_path": sorted(paths.values(), key=lambda p: p["path"].order),
        "pipeline": [
            {
                "state": s,
                "label": _state_label(s),
                "n": n,
                "url": nominations_url(user, year=year, state=s, as_of=as_of),
            }
            for s, n in pipeline.items()
            if not (scope.is_department and s == "draft")
        ],
    }


def _credit(scope: Scope, year: int, month: int, as_of) -> tuple[list, list]:
    """The grades at the end of the chosen month and the blacklist of the twelve months up to it."""
    chosen = date(year, month, 1)
    first = date(year - 1, month + 1, 1) if month < 12 else date(year, 1, 1)
    grades = {
        g.grade: g.n
        for g in CreditGrade.objects.visible_to(scope.user).filter(town_id=scope.town_id, month=chosen)
    }
    out = [
        {
            "grade": g,
            "label": g,
            "n": grades.get(g, 0),
            "url": url_with("credit:rating_list", grade=g, as_of=as_of),
        }
        for g in GRADES
    ]
    out.append(
        {
            "grade": "",
            "label": _("未评级"),
            "n": grades.get("", 0),
            "url": url_with("credit:rating_list", grade="unrated", as_of=as_of),
        }
    )
    months = list(
        CreditMonth.objects.visible_to(scope.user)
        .filter(town_id=scope.town_id, month__gte=first, month__lte=chosen)
        .order_by("month")
    )
    return out, months


def _late(scope: Scope, year: int, month: int) -> dict | None:
    """Enterprises with late reports at the end of the month: the district's (or the town's, or the
    department's pools') and, for the office, per town; each with the late list filtered to the same
    day (`as_of`) and so to as many rows."""
    rows = LateReports.objects.visible_to(scope.user).filter(year=year, month=month).select_related("town")
    if not scope.is_department:
        rows = rows.filter(department__isnull=True)
    rows = list(rows)
    if not rows:
        return None
    base = reverse("reporting:late")
    own = next((r for r in rows if r.town_id == scope.town_id), None) if not scope.is_department else rows[0]
    if own is None:
        return None
    towns = sorted(
        (r for r in rows if r.town_id is not None and scope.town_id is None), key=lambda r: r.town.order
    )
    return {
        "n": own.enterprises,
        "as_of": own.as_of,
        "url": f"{base}?{urlencode({'year': year, 'as_of': own.as_of.isoformat()})}",
        "towns": [
            {
                "town": r.town,
                "n": r.enterprises,
                "url": f"{base}?{urlencode({'year': year, 'town': r.town_id, 'as_of': r.as_of.isoformat()})}",
            }
            for r in towns
        ],
    }


def cockpit_for(user, *, year: int | None = None, month: int | None = None, today=None) -> Cockpit | None:
    programme = Programme.objects.visible_to(user).current()
    if programme is None:
        return None
    today = today or timezone.localdate()
    year, month = period_of(programme, year, month, today)
    scope = scope_of(user)
    progress = time_progress(year, month, today) if month else Decimal(0)
    cockpit = Cockpit(
        programme=programme,
        scope=scope,
        year=year,
        month=month,
        progress=progress,
        run=CockpitRun.objects.visible_to(user).filter(year=year).first(),
    )
    cockpit.as_of = month_end(year, month, today) if month else None
    cockpit.indicators, cockpit.towns_matrix = _indicators(scope, year, month)
    pools = _pools(scope, year, month, cockpit.as_of)
    cockpit.pools, cockpit.by_town, cockpit.by_path, cockpit.pipeline = (
        pools["pools"],
        pools["by_town"],
        pools["by_path"],
        pools["pipeline"],
    )
    cockpit.late = _late(scope, year, month) if month else None
    cockpit.grades, cockpit.credit_months = _credit(scope, year, month, cockpit.as_of) if month else ([], [])
    cockpit.alerts = list(Alert.objects.visible_to(user).filter(year=year).values("message", "url", "kind"))
    cockpit.panels, extra = panels.panels_for(user, year=year, month=month, as_of=cockpit.as_of or today)
    cockpit.alerts.extend(extra)
    cockpit.placeholders = panels.placeholders()
    return cockpit


def blacklist_url(as_of=None) -> str:
    return url_with("credit:rating_list", blacklisted="yes", as_of=as_of)
