"""The credit state at a past moment, derived from what credit keeps for ever.

Ratings are append-only (a new result is a new row, an unchanged one none), so an enterprise's grade
at a moment is that of its latest rating computed before it, and it was on the blacklist by rating
when that rating was `blacklisted`. 区金融办's own listings are BlacklistEntry rows, whose removal
(blacklist_remove, audited) sets `removed_at` and keeps the row. An enterprise was on the blacklist at
a moment when either way held then:

    listed(e, t) = latest_rating_before(e, t).blacklisted
                   or any entry of e with added_at < t and (removed_at is empty or removed_at >= t)

Two forms of the same rule: `blacklisted_at` / `grade_at` are expressions for a list of enterprises
(one moment, filtered in SQL), `Sweep` walks the whole history once in time order and says the counts
at many moments (the cockpit's monthly summary rows). tests/cockpit/test_credit_history.py holds them
to the same hand-computed months.
"""

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, Subquery

from .models import BlacklistEntry, Rating


def _latest_rating(moment: datetime):
    return Rating.objects.filter(enterprise=OuterRef("pk"), computed_at__lt=moment).order_by(
        "-computed_at", "-id"
    )


def grade_at(moment: datetime) -> Subquery:
    """For an Enterprise queryset: its grade at `moment` (None when not yet rated)."""
    return Subquery(_latest_rating(moment).values("grade")[:1])


def blacklisted_at(moment: datetime) -> Q:
    """For an Enterprise queryset: on the blacklist at `moment` (by rating or by hand)."""
    manual = BlacklistEntry.objects.filter(enterprise=OuterRef("pk"), added_at__lt=moment).filter(
        Q(removed_at__isnull=True) | Q(removed_at__gte=moment)
    )
    later = Rating.objects.filter(enterprise=OuterRef("enterprise"), computed_at__lt=moment).filter(
        Q(computed_at__gt=OuterRef("computed_at"))
        | Q(computed_at=OuterRef("computed_at"), id__gt=OuterRef("id"))
    )
    by_rating = Rating.objects.filter(
        enterprise=OuterRef("pk"), computed_at__lt=moment, blacklisted=True
    ).filter(~Exists(later))
    return Q(Exists(manual)) | Q(Exists(by_rating))


class Sweep:
    """Counts per town at each of `moments` (sorted, exclusive ends): enterprises by grade ('' =
    existing but not yet rated) and enterprises on the blacklist. One pass over the ratings in time
    order; `towns` maps enterprise id → (town id, created at)."""

    def __init__(self, moments: list[datetime], towns: Mapping[int, tuple[int | None, datetime]]):
        self.moments = moments
        self.towns = towns
        self.grades: list[dict[tuple, int]] = []  # per moment: (town, grade) → n
        self.listed: list[dict[int | None, int]] = []  # per moment: town → n

    def run(self) -> "Sweep":
        manual = list(
            BlacklistEntry.objects.order_by().values_list("enterprise_id", "added_at", "removed_at")
        )
        created = defaultdict(list)
        for town, at in self.towns.values():
            created[town].append(at)
        for dates in created.values():
            dates.sort()
        grade: dict[int, str] = {}
        by_rating: set[int] = set()
        counts: dict[tuple, int] = defaultdict(int)
        rated: dict[int | None, int] = defaultdict(int)
        ratings = (
            Rating.objects.order_by("computed_at", "id")
            .values_list("enterprise_id", "computed_at", "grade", "blacklisted")
            .iterator(chunk_size=5000)
        )
        pending = next(ratings, None)
        for moment in self.moments:
            while pending is not None and pending[1] < moment:
                enterprise, _at, new, listed = pending
                town = self.towns.get(enterprise, (None, None))[0]
                old = grade.get(enterprise)
                if old is None:
                    rated[town] += 1
                else:
                    counts[(town, old)] -= 1
                counts[(town, new)] += 1
                grade[enterprise] = new
                (by_rating.add if listed else by_rating.discard)(enterprise)
                pending = next(ratings, None)
            snapshot = {k: n for k, n in counts.items() if n}
            for town, dates in created.items():
                unrated = max(0, bisect_left(dates, moment) - rated[town])
                if unrated:
                    snapshot[(town, "")] = unrated
            self.grades.append(snapshot)
            on_list = set(by_rating)
            on_list.update(
                e for e, added, removed in manual if added < moment and (removed is None or removed >= moment)
            )
            listed_by_town: dict[int | None, int] = defaultdict(int)
            for enterprise in on_list:
                listed_by_town[self.towns.get(enterprise, (None, None))[0]] += 1
            self.listed.append(dict(listed_by_town))
        return self
