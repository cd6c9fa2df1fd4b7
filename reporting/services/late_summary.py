"""The late list's summary (LateSummary): recomputed per enterprise from its dues, in the caller's
transaction, so the 逾期情况 page reads one row per enterprise instead of aggregating every due."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from enterprises.models import Enterprise

from ..models import LateSummary, ReportDue

CHUNK = 2000


def due_counts(dues, today) -> dict[tuple[int, int], dict]:
    """{(enterprise_id, year): counts} of the given dues as of `today`, year 0 the enterprise's total —
    the same conditions as the late list's (selectors.late_q)."""
    missing_q = Q(submitted_at__isnull=True, due_on__lt=today)
    rows = (
        dues.order_by()
        .values("enterprise_id", "year")
        .annotate(
            owed=Count("id", filter=Q(due_on__lt=today)),
            missing=Count("id", filter=missing_q),
            late=Count("id", filter=Q(submitted_at__date__gt=F("due_on"))),
            oldest=Min("due_on", filter=missing_q),
            next_change=Min("due_on", filter=Q(due_on__gte=today)),
        )
    )
    out: dict[tuple[int, int], dict] = {}
    for row in rows:
        ent = row.pop("enterprise_id")
        out[(ent, row.pop("year"))] = row
        total = out.setdefault(
            (ent, LateSummary.ALL_YEARS),
            {"owed": 0, "missing": 0, "late": 0, "oldest": None, "next_change": None},
        )
        for key in ("owed", "missing", "late"):
            total[key] += row[key]
        for key in ("oldest", "next_change"):
            if row[key] is not None and (total[key] is None or row[key] < total[key]):
                total[key] = row[key]
    return out


def refresh(enterprise_ids: Iterable[int], *, today=None) -> int:
    """Recompute the rows of these enterprises from their dues (idempotent). Takes the enterprises' rows
    FOR NO KEY UPDATE first, so two writers of one enterprise never interleave their delete and insert."""
    today = today or timezone.localdate()
    ids = sorted(set(enterprise_ids))
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            towns = dict(
                Enterprise.objects.select_for_update(no_key=True)
                .filter(pk__in=chunk)
                .order_by("pk")
                .values_list("pk", "town_id")
            )
            counts = due_counts(ReportDue.objects.filter(enterprise_id__in=chunk), today)
            LateSummary.objects.filter(enterprise_id__in=chunk).delete()
            LateSummary.objects.bulk_create(
                [
                    LateSummary(
                        enterprise_id=ent, town_id=towns.get(ent), year=year, computed_for=today, **values
                    )
                    for (ent, year), values in counts.items()
                ],
                batch_size=CHUNK,
            )
            written += len(counts)
    return written


def refresh_stale(*, today=None) -> int:
    """Recompute the enterprises whose rows no longer hold for `today` (a due date has passed since)."""
    today = today or timezone.localdate()
    stale = (
        LateSummary.objects.filter(Q(next_change__lt=today) | Q(computed_for__gt=today))
        .values_list("enterprise_id", flat=True)
        .distinct()
    )
    return refresh(list(stale), today=today)


def rebuild(*, today=None) -> int:
    """The whole table from the dues (the management command; safe to run any time)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        LateSummary.objects.exclude(enterprise_id__in=ReportDue.objects.values("enterprise_id")).delete()
        with_dues = ReportDue.objects.order_by().values_list("enterprise_id", flat=True).distinct()
        return refresh(list(with_dues), today=today)


def enterprise_moved(enterprise_id: int, town_id: int) -> int:
    """An enterprise's town changed: its summary rows follow (one UPDATE, none when nothing moved)."""
    return (
        LateSummary.objects.filter(enterprise_id=enterprise_id)
        .exclude(town_id=town_id)
        .update(town_id=town_id)
    )
