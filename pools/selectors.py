"""Reads of the nomination cycle; scoping comes from Nomination.objects.visible_to()."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import end_of_day
from core.selectors import filter_given
from enterprises.selectors import search_by_name_or_uscc
from programs.models import Criterion, Pool, PoolQuota, Programme

from .models import (
    CriterionCheck,
    Evidence,
    Nomination,
    NominationEvent,
    NominationState,
    NominationWindow,
    in_pool_at,
    state_at,
)


def windows_for(programme: Programme, year: int, pool: Pool | None = None) -> QuerySet[NominationWindow]:
    qs = NominationWindow.objects.filter(programme=programme, year=year)
    if pool is not None:
        qs = qs.filter(Q(pool__isnull=True) | Q(pool=pool))
    return qs.select_related("pool").order_by("opens_on")


def open_window_for(programme: Programme, pool: Pool, year: int, today=None) -> NominationWindow | None:
    today = today or timezone.localdate()
    return (
        windows_for(programme, year, pool)
        .filter(closed_at__isnull=True, opens_on__lte=today, closes_on__gte=today)
        .first()
    )


def last_return(nomination: Nomination) -> NominationEvent | None:
    """The department's 退回修改 the town is answering: the latest return not yet followed by a
    submission (editing reopens the draft, so the state alone does not tell)."""
    latest = (
        NominationEvent.objects.filter(
            nomination=nomination,
            action__in=[NominationEvent.Action.RETURN, NominationEvent.Action.SUBMIT],
        )
        .select_related("actor", "actor__department")
        .order_by("-created_at", "-id")
        .first()
    )
    return latest if latest is not None and latest.action == NominationEvent.Action.RETURN else None


def draft_window_reason(programme: Programme, pool: Pool, year: int, today=None) -> str:
    """Why a draft cannot be started now: no window for the pool and year is open or announced."""
    today = today or timezone.localdate()
    if windows_for(programme, year, pool).filter(closed_at__isnull=True, closes_on__gte=today).exists():
        return ""
    return _(
        "%(year)s年“%(pool)s”没有开放或即将开放的申报窗口，暂不能新建申报。请留意领导小组办公室的申报通知。"
    ) % {"year": year, "pool": pool.name}


def window_message(programme: Programme, pool: Pool, year: int, today=None) -> str:
    """Why a town cannot submit now, and when it can."""
    today = today or timezone.localdate()
    upcoming = windows_for(programme, year, pool).filter(closed_at__isnull=True, opens_on__gt=today).first()
    if upcoming:
        return _("%(year)s年“%(pool)s”申报尚未开始，将于 %(opens)s 开放，%(closes)s 截止。") % {
            "year": year,
            "pool": pool.name,
            "opens": f"{upcoming.opens_on:%Y-%m-%d}",
            "closes": f"{upcoming.closes_on:%Y-%m-%d}",
        }
    return _("%(year)s年“%(pool)s”当前不在申报期内，请留意领导小组办公室的申报通知。") % {
        "year": year,
        "pool": pool.name,
    }


# The nominations list: the newest year first, then the most recently changed (nomination_list_idx; the
# model's order by pool would sort every nomination of the district on each page).
LIST_ORDER = ("-year", "-updated_at", "-id")


def nominations_for(
    user,
    *,
    year=None,
    pool=None,
    town=None,
    state=None,
    eligible=None,
    search: str = "",
    in_pool: bool | None = None,
    path=None,
    as_of=None,
) -> QuerySet[Nomination]:
    """`as_of` (a date): the state and the pool's entries at the end of that day (state_at)."""
    qs = Nomination.objects.visible_to(user).select_related(
        "pool", "town", "enterprise", "enterprise__industry", "project", "project__enterprise"
    )
    qs = filter_given(qs, year=year, pool=pool, town=town)
    moment = end_of_day(as_of) if as_of else None
    if moment is not None:
        qs = qs.filter(created_at__lt=moment)
    if state:
        qs = qs.filter(state_at(moment)[state] if moment is not None else Q(state=state))
    if eligible in ("yes", "no", "pending"):
        qs = qs.filter(eligible={"yes": True, "no": False, "pending": None}[eligible])
    qs = search_by_name_or_uscc(
        qs, search, prefix=("enterprise__", "project__enterprise__"), also=("project__name",)
    )
    if path:
        qs = qs.filter(pool__path=path)
    if in_pool:
        qs = qs.filter(in_pool_at(moment)) if moment is not None else qs.in_pool()
    return qs


def review_queue_for(user, *, sort: str = "", **filters) -> QuerySet[Nomination]:
    """Nominations a department reviews: of its pools, submitted first, oldest first.
    sort="rating": eligible first, then the higher credit rating first (第20条: at equal conditions)."""
    from credit.selectors import nominations_by_rating, nominations_with_credit

    filters.setdefault("state", NominationState.SUBMITTED)
    queue = nominations_for(user, **filters)
    if sort == "rating":
        return nominations_by_rating(queue)
    return nominations_with_credit(queue).order_by("submitted_at", "id")


def nomination_get(user, pk: int) -> Nomination:
    from django.shortcuts import get_object_or_404

    qs = (
        nominations_for(user)
        .select_related("programme", "decided_by", "created_by")
        .prefetch_related(
            "pool__lead_departments",
            "pool__responsible_departments",
            Prefetch("pool__criteria", queryset=Criterion.objects.order_by("order", "id")),
            Prefetch("checks", queryset=CriterionCheck.objects.select_related("criterion", "reviewed_by")),
            Prefetch("evidence", queryset=Evidence.objects.select_related("criterion", "uploaded_by")),
            Prefetch(
                "events",
                queryset=NominationEvent.objects.select_related(
                    "actor", "actor__town", "actor__department", "actor__enterprise"
                ),
            ),
        )
    )
    return get_object_or_404(qs, pk=pk)


def pool_entries(user, pool: Pool, year: int) -> QuerySet[Nomination]:
    return nominations_for(user, pool=pool, year=year, in_pool=True).order_by("town__order", "id")


def pool_breakdown(entries: QuerySet[Nomination]) -> dict:
    by_town = list(
        entries.order_by().values("town__name", "town__order").annotate(n=Count("id")).order_by("town__order")
    )
    by_industry = list(
        entries.order_by()
        .values("enterprise__industry__name", "project__enterprise__industry__name")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    industries: dict[str, int] = {}
    for row in by_industry:
        name = row["enterprise__industry__name"] or row["project__enterprise__industry__name"] or "—"
        industries[name] = industries.get(name, 0) + row["n"]
    return {"by_town": by_town, "by_industry": sorted(industries.items(), key=lambda kv: -kv[1])}


def town_progress(programme: Programme, year: int) -> list[dict]:
    """Per town: nominations by state for the year (the office's view of the window)."""
    from programs.models import Town

    counts = (
        Nomination.objects.filter(programme=programme, year=year)
        .values("town_id", "state")
        .annotate(n=Count("id"))
    )
    table: dict[int, dict] = {}
    for row in counts:
        table.setdefault(row["town_id"], {})[row["state"]] = row["n"]
    return [
        {"town": town, "counts": table.get(town.pk, {}), "total": sum(table.get(town.pk, {}).values())}
        for town in Town.objects.filter(is_active=True)
    ]


def approved_counts(user, programme: Programme, year: int) -> dict[int, int]:
    """Entries per pool for the year (one grouped query)."""
    rows = (
        Nomination.objects.visible_to(user)
        .in_pool()
        .filter(programme=programme, year=year)
        .values("pool_id")
        .annotate(n=Count("id"))
    )
    return {r["pool_id"]: r["n"] for r in rows}


def entries_of_year(pool_id: int, year: int) -> int:
    """The pool's entries of the year (approved, not removed): what its yearly quota counts."""
    return Nomination.objects.in_pool().filter(pool_id=pool_id, year=year).count()


def approval_needs_override(nomination: Nomination) -> bool:
    """Whether approving it would take the pool-year beyond its quota's maximum (the office's call)."""
    quota = PoolQuota.objects.filter(pool_id=nomination.pool_id, year=nomination.year).first()
    if quota is None or quota.quota_max is None:
        return False
    return entries_of_year(nomination.pool_id, nomination.year) >= quota.quota_max


def open_windows(programme: Programme, today=None) -> QuerySet[NominationWindow]:
    today = today or timezone.localdate()
    return (
        NominationWindow.objects.filter(
            programme=programme, closed_at__isnull=True, opens_on__lte=today, closes_on__gte=today
        )
        .select_related("pool")
        .order_by("closes_on")
    )


def town_worklist(user, limit: int = 8) -> dict:
    """A town's to-do: counts by state, and the nominations waiting for it (returned, then drafts)."""
    mine = nominations_for(user)
    counts = dict(mine.order_by().values_list("state").annotate(n=Count("id")))
    todo = mine.filter(state__in=[NominationState.RETURNED, NominationState.DRAFT]).order_by(
        "-state", "-updated_at"
    )
    return {"counts": counts, "todo": list(todo[:limit])}


# --- work queues ---------------------------------------------------------------------------------


def _queue_base(user, programme: Programme) -> QuerySet[Nomination]:
    """What waits for the user's decision: submitted nominations of the pools whose queue they work."""
    from .permissions import reviewable_pools

    pools = reviewable_pools(user, Pool.objects.filter(programme=programme))
    return Nomination.objects.visible_to(user).filter(
        state=NominationState.SUBMITTED, pool__in=pools.values("pk")
    )


def queue_summary(user, programme: Programme | None, today=None) -> dict:
    """待审核 N 件 and the oldest waiting (with its days), in two queries."""
    if programme is None:
        return {"count": 0, "oldest": None, "days": None}
    today = today or timezone.localdate()
    queue = _queue_base(user, programme)
    count = queue.count()
    oldest = (
        queue.select_related("pool", "enterprise", "project").order_by("submitted_at", "id").first()
        if count
        else None
    )
    days = (
        (today - timezone.localtime(oldest.submitted_at).date()).days
        if oldest and oldest.submitted_at
        else None
    )
    return {"count": count, "oldest": oldest, "days": days}


def queue_neighbours(user, nomination: Nomination) -> dict:
    """上一件/下一件 in the review queue (submitted, oldest first), around `nomination` by its place
    in that order (it may have just been decided and left the queue)."""
    if nomination.submitted_at is None:
        return {"previous": None, "next": None, "position": None, "count": 0}
    queue = _queue_base(user, nomination.programme)
    at, pk = nomination.submitted_at, nomination.pk
    before = Q(submitted_at__lt=at) | Q(submitted_at=at, id__lt=pk)
    after = Q(submitted_at__gt=at) | Q(submitted_at=at, id__gt=pk)
    previous = queue.filter(before).order_by("-submitted_at", "-id").values_list("pk", flat=True).first()
    following = queue.filter(after).order_by("submitted_at", "id").values_list("pk", flat=True).first()
    return {
        "previous": previous,
        "next": following,
        "count": queue.count(),
        "position": queue.filter(before).count() + 1,
    }
