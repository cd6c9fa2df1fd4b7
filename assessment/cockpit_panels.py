"""The cockpit's panel of rankings, 通报 and supervision (考核排名、通报与督查): the latest published
调度通报's rankings (first and last three towns and departments), the latest confirmed quarterly review's
colours with its red units, the open supervision cases (通报批评, 约谈, 诫勉谈话) and the rectifications
past their deadline, and the latest published assessment's top and bottom results.

Every read goes through the model's visible_to(user): a town sees its own review colour, cases and
results (the rankings are those of the published document, which every unit receives). Read live
from these rows, a fixed number of queries whatever their number, so `refresh` writes nothing.

As of the end of the chosen month (`as_of`): the documents are chosen by the period they cover (the
latest published 通报 of that month or before, the latest confirmed review of a quarter ended by then,
the latest published run of that year or before; a 通报 is published after its month, so the state
"at the month's end" would otherwise always lag one month, and back-filled years would show none),
and the cases by when they were open (case_open_at), with the list links filtered the same way.
"""

from datetime import date
from urllib.parse import urlencode

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.db.models.fields.json import KeyTransform
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import end_of_day

from .models import (
    AssessmentRun,
    CaseKind,
    Colour,
    DispatchReport,
    QuarterlyReview,
    Result,
    ReviewRating,
    SupervisionCase,
    case_open_at,
    case_overdue_at,
)
from .models.dispatch import DispatchState
from .models.reviews import ReviewState
from .models.runs import RunState

CASE_ROWS = 10  # open cases listed (the counts are always complete)
RESULT_ROWS = 3  # results at the top and at the bottom
_UNSET = object()


def _dispatch(user, as_of: date) -> dict | None:
    report = (
        DispatchReport.objects.visible_to(user)
        .filter(state=DispatchState.PUBLISHED)
        .filter(Q(year__lt=as_of.year) | Q(year=as_of.year, month__lte=as_of.month))
        .order_by("-year", "-month", "-published_at", "-id")
        .only("id", "year", "month", "doc_number", "title", "published_at")
        # only the rankings: the whole snapshot of a month's report is some 800 KB at a province's scale
        .annotate(rankings=KeyTransform("rankings", "snapshot"))
        .first()
    )
    if report is None:
        return None
    rankings = report.rankings or {}
    return {
        "report": report,
        "url": reverse("assessment:dispatch_detail", args=[report.pk]),
        "towns_first": rankings.get("towns_first", []),
        "towns_last": rankings.get("towns_last", []),
        "departments_first": rankings.get("departments_first", []),
        "departments_last": rankings.get("departments_last", []),
    }


def _review(user, as_of: date) -> dict | None:
    review = (
        QuarterlyReview.objects.visible_to(user)
        .filter(state=ReviewState.CONFIRMED)
        .filter(Q(year__lt=as_of.year) | Q(year=as_of.year, quarter__lte=as_of.month // 3))
        .order_by("-year", "-quarter")
        .first()
    )
    if review is None:
        return None
    ratings = list(
        ReviewRating.objects.visible_to(user)
        .filter(review=review)
        .select_related("town", "department")
        .order_by("subject", "town__order", "department__order", "id")
    )
    counts = {c.value: 0 for c in Colour}
    for r in ratings:
        counts[r.colour] = counts.get(r.colour, 0) + 1
    url = reverse("assessment:review_detail", args=[review.pk])
    return {
        "review": review,
        "url": url,
        "colours": [
            {"code": c.value, "label": c.label, "n": counts[c.value], "url": f"{url}?colour={c.value}"}
            for c in (Colour.RED, Colour.YELLOW, Colour.GREEN)
        ],
        "red": [
            {"name": r.unit_name, "subject": r.subject, "url": url} for r in ratings if r.colour == Colour.RED
        ],
    }


def _cases(user, as_of: date, moment) -> dict:
    cases = SupervisionCase.objects.visible_to(user).filter(case_open_at(moment))
    overdue = case_overdue_at(moment, as_of)
    totals = cases.order_by().aggregate(
        n=Count("id"),
        overdue=Count("id", filter=overdue),
        **{f"n_{k.value}": Count("id", filter=Q(kind=k.value)) for k in CaseKind},
    )
    url = reverse("assessment:case_list")
    rows = list(
        cases.select_related("town", "department")
        .annotate(late=ExpressionWrapper(overdue, output_field=BooleanField()))
        .order_by("deadline", "-id")[:CASE_ROWS]
    )
    overdue_ids = {c.pk for c in rows if c.late}
    return {
        "n": totals["n"],
        "overdue": totals["overdue"],
        "kinds": [
            {
                "label": k.label,
                "n": totals[f"n_{k.value}"],
                "url": f"{url}?{urlencode({'open': 1, 'kind': k.value, 'as_of': as_of})}",
            }
            for k in CaseKind
        ],
        "rows": [
            {
                "case": c,
                "overdue": c.pk in overdue_ids,
                "url": reverse("assessment:case_detail", args=[c.pk]),
            }
            for c in rows
        ],
        "url": f"{url}?{urlencode({'open': 1, 'as_of': as_of})}",
        "overdue_url": f"{url}?{urlencode({'overdue': 1, 'as_of': as_of})}",
    }


def _run(user, as_of: date) -> dict | None:
    run = (
        AssessmentRun.objects.visible_to(user)
        .filter(state=RunState.PUBLISHED, year__lte=as_of.year)
        .select_related("scheme")
        .order_by("-year", "-published_at", "-id")
        .first()
    )
    if run is None:
        return None
    results = (
        Result.objects.visible_to(user).filter(run=run).select_related("town", "department", "enterprise")
    )
    top = list(results.order_by("rank", "-total", "id")[:RESULT_ROWS])
    bottom = list(results.order_by("-rank", "total", "-id")[:RESULT_ROWS])
    top_ids = {r.pk for r in top}
    return {
        "run": run,
        "url": reverse("assessment:run_detail", args=[run.pk]),
        "top": [_result(r) for r in top],
        "bottom": [_result(r) for r in bottom if r.pk not in top_ids],
    }


def _result(r: Result) -> dict:
    return {"result": r, "name": r.unit_name, "url": reverse("assessment:result_detail", args=[r.pk])}


def rankings_figures(user, as_of: date | None = None) -> dict | None:
    """Everything the panel shows at the end of `as_of` (default today); None when there is nothing
    yet. Nine queries at most."""
    as_of = as_of or timezone.localdate()
    moment = end_of_day(as_of)
    dispatch, review, run = _dispatch(user, as_of), _review(user, as_of), _run(user, as_of)
    cases = _cases(user, as_of, moment)
    if dispatch is None and review is None and run is None and not cases["n"]:
        return None
    stamps = [
        s
        for s in (
            dispatch and dispatch["report"].published_at,
            review and review["review"].confirmed_at,
            run and run["run"].published_at,
        )
        if s
    ]
    return {
        "template": "cockpit/panels/rankings.html",
        "as_of": as_of,
        "stamp": max(stamps) if stamps else None,
        "dispatch": dispatch,
        "review": review,
        "cases": cases,
        "run": run,
    }


def rankings_alerts(data: dict | None) -> list[dict]:
    if not data:
        return []
    out = []
    review = data["review"]
    if review:
        for unit in review["red"]:
            out.append(
                {
                    "message": _("%(unit)s在%(review)s中被评为红色。")
                    % {"unit": unit["name"], "review": review["review"]},
                    "url": unit["url"],
                    "kind": "review_red",
                }
            )
    for row in data["cases"]["rows"]:
        if row["overdue"]:
            case = row["case"]
            out.append(
                {
                    "message": _("%(unit)s的%(kind)s整改已超过%(deadline)s的期限。")
                    % {"unit": case.unit_name, "kind": case.get_kind_display(), "deadline": case.deadline},
                    "url": row["url"],
                    "kind": "rectification_overdue",
                }
            )
    return out


class RankingsPanel:
    code = "rankings"
    title = gettext_lazy("考核排名、通报与督查")
    order = 20
    refresh_on = [DispatchReport, QuarterlyReview, SupervisionCase]

    def refresh(self, *, year: int, today: date) -> None:
        """Nothing to write: the panel reads the published and confirmed rows themselves."""

    def context(self, *, user, year: int, month: int, as_of: date | None = None) -> dict | None:
        data = rankings_figures(user, as_of)
        # the cockpit asks for the alerts right after the context: they reuse these figures
        user._cockpit_rankings = data
        return data

    def alerts(self, *, user, year: int, month: int, as_of: date | None = None) -> list[dict]:
        data = getattr(user, "_cockpit_rankings", _UNSET)
        if data is not _UNSET:
            del user._cockpit_rankings
        return rankings_alerts(rankings_figures(user, as_of) if data is _UNSET else data)


PANELS = [RankingsPanel()]
