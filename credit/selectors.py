"""Reads of the credit system; scoping comes from each model's visible_to()."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import end_of_day
from core.selectors import filter_given
from enterprises.models import Enterprise
from enterprises.selectors import LIST_ORDER, search_by_name_or_uscc

from . import permissions
from .history import blacklisted_at, grade_at
from .models import (
    Appeal,
    AppealState,
    BlacklistEntry,
    CreditRecord,
    CreditStatus,
    GradeCount,
    Rating,
    RecordKind,
    RecordStatus,
    Severity,
)
from .scoring import GRADE_RANK, GRADES

# --- records ---------------------------------------------------------------------------------------


def records_for(
    user,
    *,
    search: str = "",
    kind=None,
    category: str = "",
    severity: str = "",
    status: str = "",
    in_effect: bool | None = None,
    enterprise=None,
    town=None,
) -> QuerySet[CreditRecord]:
    qs = CreditRecord.objects.visible_to(user).select_related(
        "enterprise", "enterprise__town", "kind", "source_department"
    )
    qs = search_by_name_or_uscc(qs, search, prefix="enterprise__", also=("title", "document_ref"))
    qs = filter_given(
        qs,
        kind=kind,
        kind__category=category,
        severity=severity,
        status=status,
        enterprise=enterprise,
        enterprise__town=town,
    )
    if in_effect is not None:
        today = timezone.localdate()
        current = (
            ~Q(status=RecordStatus.WITHDRAWN)
            & Q(occurred_on__lte=today)
            & (Q(effective_until__isnull=True) | Q(effective_until__gte=today))
        )
        qs = qs.filter(current) if in_effect else qs.exclude(current)
    return qs


def record_get(user, pk: int) -> CreditRecord:
    qs = (
        records_for(user)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "appeals",
                queryset=Appeal.objects.select_related("submitted_by", "decided_by").order_by(
                    "-submitted_at"
                ),
            )
        )
    )
    return get_object_or_404(qs, pk=pk)


def appeals_for(user, *, state: str = AppealState.PENDING, search: str = "") -> QuerySet[Appeal]:
    """The objections a user sees (a source department: those to its own records, Appeal.visible_to)."""
    qs = Appeal.objects.visible_to(user).select_related(
        "record",
        "record__kind",
        "record__source_department",
        "enterprise",
        "enterprise__town",
        "submitted_by",
    )
    if state:
        qs = qs.filter(state=state)
    qs = search_by_name_or_uscc(qs, search, prefix="enterprise__", also=("record__title",))
    return (
        qs.order_by("submitted_at", "id")
        if state == AppealState.PENDING
        else qs.order_by("-submitted_at", "-id")
    )


# --- ratings ---------------------------------------------------------------------------------------


def enterprise_ratings_for(
    user,
    *,
    search: str = "",
    town=None,
    industry=None,
    grade: str = "",
    blacklisted: bool | None = None,
    changed: bool = False,
    sort: str = "",
    as_of=None,
) -> QuerySet[Enterprise]:
    """Enterprises the user may see, each with its current credit status (one query per page).
    `as_of` (a date): the grade and blacklist filters ask for the state at the end of that day, among
    the enterprises registered by then (credit/history.py)."""
    qs: QuerySet[Enterprise]
    if not permissions.can_list_ratings(user):
        qs = Enterprise.objects.none()
    else:
        qs = Enterprise.objects.visible_to(user)
    qs = qs.select_related("town", "industry", "credit_status")
    qs = filter_given(search_by_name_or_uscc(qs, search), town=town, industry=industry)
    if as_of is not None:
        qs = _as_of(qs, as_of, grade=grade, blacklisted=blacklisted)
        grade, blacklisted = "", None
    if grade == "unrated":
        qs = qs.filter(Q(credit_status__isnull=True) | Q(credit_status__grade=""))
    elif grade in GRADE_RANK:
        qs = qs.filter(credit_status__grade_rank=GRADE_RANK[grade])  # the indexed column
    if blacklisted is not None:
        qs = (
            qs.filter(credit_status__blacklisted=True)
            if blacklisted
            else qs.exclude(credit_status__blacklisted=True)
        )
    if changed:
        since = timezone.now() - timedelta(days=31)
        qs = qs.filter(
            pk__in=Rating.objects.filter(grade_changed=True, computed_at__gte=since).values("enterprise_id")
        )
    if sort == "rating":
        return qs.order_by(
            F("credit_status__grade_rank").asc(nulls_last=True), "-credit_status__score", "name", "pk"
        )
    if sort == "-rating":
        return qs.order_by(
            F("credit_status__grade_rank").desc(nulls_last=True), "credit_status__score", "name", "pk"
        )
    if sort == "name":
        return qs.order_by(*LIST_ORDER)
    return qs.order_by("town__order", "name", "pk")


def _as_of(qs: QuerySet[Enterprise], day, *, grade: str, blacklisted: bool | None) -> QuerySet[Enterprise]:
    moment = end_of_day(day)
    qs = qs.filter(created_at__lt=moment)
    if grade == "unrated":
        qs = qs.annotate(grade_then=grade_at(moment)).filter(grade_then__isnull=True)
    elif grade in GRADE_RANK:
        qs = qs.annotate(grade_then=grade_at(moment)).filter(grade_then=grade)
    if blacklisted is not None:
        qs = qs.filter(blacklisted_at(moment)) if blacklisted else qs.exclude(blacklisted_at(moment))
    return qs


def status_of(user, enterprise) -> CreditStatus | None:
    return (
        CreditStatus.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("manual_entry", "manual_entry__added_by", "rating", "rating__model")
        .first()
    )


def rating_history(user, enterprise) -> QuerySet[Rating]:
    return (
        Rating.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("model")
        .defer("explanation")
        .order_by("-computed_at", "-id")
    )


def rating_get(user, pk: int) -> Rating:
    qs = Rating.objects.visible_to(user).select_related(
        "enterprise", "enterprise__town", "model", "triggered_by"
    )
    return get_object_or_404(qs, pk=pk)


REASON_LABELS = {
    "withdrawn": _("已撤销"),
    "expired": _("已过有效期"),
    "superseded": _("已被新记录取代"),
    "future": _("发生日期在评级日之后"),
    "no_rule": _("评分模型未规定该类别"),
}


def explanation_for(user, rating: Rating) -> dict:
    """What moved the score, at the detail the user may see: the office, 区金融办 and the enterprise
    see every record; others (towns, other departments) see the effect per kind, not the records."""
    data = rating.explanation
    kinds = {k.code: k for k in RecordKind.objects.all()}
    full = bool(permissions.can_view_record_details(user, rating.enterprise))
    severity = dict(Severity.choices)
    lines = data.get("lines", [])
    records = {}
    if full:
        ids = [line["record"] for line in lines] + [x["record"] for x in data.get("excluded", [])]
        records = {
            r.pk: r
            for r in CreditRecord.objects.visible_to(user)
            .filter(pk__in=ids)
            .select_related("source_department")
        }
    rows = []
    if full:
        for line in lines:
            kind = kinds.get(line["kind"])
            rows.append(
                {
                    **line,
                    "kind_name": kind.name if kind else line["kind"],
                    "severity_name": severity.get(line["severity"], line["severity"]),
                    "record_obj": records.get(line["record"]),
                }
            )
    else:
        grouped: dict[str, dict] = {}
        for line in lines:
            row = grouped.setdefault(
                line["kind"], {"kind": line["kind"], "count": 0, "delta": 0, "category": line["category"]}
            )
            row["count"] += 1
            row["delta"] += float(line["delta"])
        for code, row in grouped.items():
            kind = kinds.get(code)
            rows.append({**row, "kind_name": kind.name if kind else code, "delta": f"{row['delta']:.2f}"})
    excluded = []
    for item in data.get("excluded", []):
        kind = kinds.get(item["kind"])
        excluded.append(
            {
                **item,
                "kind_name": kind.name if kind else item["kind"],
                "reason_label": str(REASON_LABELS.get(item["reason"], item["reason"])),
                "record_obj": records.get(item["record"]),
            }
        )
    return {
        "full": full,
        "rows": rows,
        "excluded": excluded if full else [],
        "excluded_count": len(excluded),
        "base_score": data.get("base_score"),
        "raw_score": data.get("raw_score"),
        "score": data.get("score"),
        "min_score": data.get("min_score"),
        "max_score": data.get("max_score"),
        "grade": data.get("grade"),
        "band_min": data.get("band_min"),
        "blacklist": data.get("blacklist", {}),
        "model": data.get("model", {}),
        "as_of": data.get("as_of"),
    }


# --- overview --------------------------------------------------------------------------------------


def _matrix(rows, key, label) -> list[dict]:
    table: dict = {}
    for row in rows:
        item = table.setdefault(row[key], {"name": row[label] or "—", "grades": defaultdict(int), "total": 0})
        item["grades"][row["credit_status__grade"] or "unrated"] += row["n"]
        item["total"] += row["n"]
    return [
        {
            "name": v["name"],
            "total": v["total"],
            "counts": [v["grades"].get(g, 0) for g in (*GRADES, "unrated")],
        }
        for v in table.values()
    ]


def distribution(user) -> dict:
    """Grades by town and by industry, read from the summary kept by credit/summary.py (one query)."""
    cells = (
        GradeCount.objects.visible_to(user)
        if permissions.can_list_ratings(user)
        else GradeCount.objects.none()
    )
    rows = [
        {**row, "credit_status__grade": row["grade"]}
        for row in cells.filter(n__gt=0).values(
            "town_id",
            "town__name",
            "town__order",
            "industry_id",
            "industry__code",
            "industry__name",
            "grade",
            "n",
        )
    ]
    by_town = _matrix(sorted(rows, key=lambda r: (r["town__order"], r["town_id"])), "town_id", "town__name")
    by_industry = _matrix(
        sorted(rows, key=lambda r: (r["industry__code"], r["industry_id"])), "industry_id", "industry__name"
    )
    totals = [sum(row["counts"][i] for row in by_town) for i in range(len(GRADES) + 1)]
    return {
        "grades": [*GRADES, "unrated"],
        "by_town": by_town,
        "by_industry": by_industry,
        "totals": totals,
        "enterprises": sum(totals),
    }


def blacklist_for(user, *, search: str = "", source: str = "") -> QuerySet[CreditStatus]:
    qs = (
        CreditStatus.objects.visible_to(user)
        .blacklisted()
        .select_related("enterprise", "enterprise__town", "manual_entry", "manual_entry__added_by")
    )
    qs = search_by_name_or_uscc(qs, search, prefix="enterprise__")
    if source == "manual":
        qs = qs.filter(manual_entry__isnull=False)
    elif source == "rating":
        qs = qs.filter(rating_listed_since__isnull=False)
    return qs.order_by("-blacklisted_since", "enterprise_id")


def recent_changes(user, limit: int = 20) -> QuerySet[Rating]:
    return (
        Rating.objects.visible_to(user)
        .filter(grade_changed=True)
        .select_related("enterprise", "enterprise__town")
        .defer("explanation")
        .order_by("-computed_at", "-id")[:limit]
    )


def manual_entries(user) -> QuerySet[BlacklistEntry]:
    return (
        BlacklistEntry.objects.visible_to(user)
        .select_related("enterprise", "enterprise__town", "added_by", "removed_by")
        .order_by("-added_at")
    )


# --- for other apps: sort by rating at equal eligibility --------------------------------------------


def with_credit_rank(queryset: QuerySet, *, enterprise_field: str = "enterprise_id") -> QuerySet:
    """Annotate `credit_grade` and `credit_rank` (1 = AAA … 10 = D; None = not rated) of the
    enterprise that `enterprise_field` (a field or annotation holding its id) names."""
    status = CreditStatus.objects.filter(enterprise_id=OuterRef(enterprise_field))
    return queryset.annotate(
        credit_grade=Subquery(status.values("grade")[:1]),
        credit_rank=Subquery(status.values("grade_rank")[:1]),
    )


def nominations_with_credit(queryset: QuerySet) -> QuerySet:
    """Nominations annotated with their enterprise's `credit_grade` and `credit_rank` (a project's builder)."""
    queryset = queryset.annotate(credit_enterprise_id=Coalesce("enterprise_id", "project__enterprise_id"))
    return with_credit_rank(queryset, enterprise_field="credit_enterprise_id")


def nominations_by_rating(queryset: QuerySet) -> QuerySet:
    """Nominations (of enterprises or projects) eligible first, then best rating first, then as before."""
    return nominations_with_credit(queryset).order_by(
        F("eligible").desc(nulls_last=True), F("credit_rank").asc(nulls_last=True), "submitted_at", "id"
    )
