"""Rating enterprises: the write side of the scoring model.

`rate_enterprises` rates any set of enterprises in chunks of a few thousand: per chunk it locks the
enterprise rows (in primary-key order), reads all their records in one query, computes each rating
in memory (credit/scoring.py), appends a Rating row only where the result differs from the current
one (same fingerprint → nothing is written at all), and upserts the one-row-per-enterprise
CreditStatus. A run is a handful of queries per chunk, never one per enterprise; running it twice
changes nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.notifications import notify
from enterprises.models import Enterprise

from .models import CreditRecord, CreditStatus, Rating, RatingTrigger, RecordKind, RecordStatus, ScoringModel
from .scoring import GRADE_RANK, RecordFacts, Rules, compute
from .summary import refresh_grade_counts

CHUNK = 2000
# A run that changes more grades than this tells each town in one digest, not enterprise by enterprise.
TOWN_DIGEST_OVER = 5
_RULES_CACHE: dict[tuple, Rules] = {}


def active_model() -> ScoringModel:
    """The latest published version; the documented default is loaded on first use."""
    model = ScoringModel.objects.order_by("-version").first()
    if model is None:
        from .loader import load_default_model

        load_default_model(scoring_model_model=ScoringModel)
        model = ScoringModel.objects.order_by("-version").first()
    return model


def kind_categories() -> dict[str, str]:
    return dict(RecordKind.objects.values_list("code", "category"))


def rules_of(model: ScoringModel, categories: dict[str, str] | None = None) -> Rules:
    """The model's rules. Published models never change, so they are parsed once per process.
    Kinds added after a version was published have no rule in it and do not count under it."""
    key = (model.pk, model.version, model.published_at)
    if key not in _RULES_CACHE:
        categories = categories if categories is not None else kind_categories()
        own = {code: cat for code, cat in categories.items() if code in (model.rules.get("kinds") or {})}
        _RULES_CACHE[key] = Rules.from_dict(model.rules, kinds=own)
    return _RULES_CACHE[key]


@dataclass
class RunSummary:
    rated: int = 0
    appended: int = 0
    grade_changes: int = 0
    listed: int = 0
    delisted: int = 0
    ratings: list[Rating] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {
            "rated": self.rated,
            "appended": self.appended,
            "grade_changes": self.grade_changes,
            "listed": self.listed,
            "delisted": self.delisted,
        }


def apply_blacklist(status: CreditStatus) -> None:
    """Derive `blacklisted` and `since` from the two ways onto the list."""
    since = [
        d
        for d in (
            status.rating_listed_since,
            status.manual_entry.added_at if status.manual_entry_id else None,
        )
        if d
    ]
    status.blacklisted = bool(since)
    status.blacklisted_since = min(since) if since else None


def _facts_by_enterprise(ids: list[int], kinds: dict[int, tuple[str, str]]) -> dict[int, list[RecordFacts]]:
    facts: dict[int, list[RecordFacts]] = defaultdict(list)
    rows = (
        CreditRecord.objects.filter(enterprise_id__in=ids)
        .order_by()
        .values_list("id", "enterprise_id", "kind_id", "severity", "occurred_on", "effective_until", "status")
    )
    for pk, enterprise_id, kind_id, severity, occurred_on, until, status in rows:
        code, category = kinds[kind_id]
        facts[enterprise_id].append(
            RecordFacts(
                id=pk,
                kind=code,
                category=category,
                severity=severity,
                occurred_on=occurred_on,
                effective_until=until,
                withdrawn=status == RecordStatus.WITHDRAWN,
            )
        )
    return facts


STATUS_FIELDS = [
    "rating",
    "score",
    "grade",
    "grade_rank",
    "fingerprint",
    "rated_at",
    "rating_listed_since",
    "blacklisted",
    "blacklisted_since",
]


def _rate_chunk(
    ids: list[int], *, model, rules, kinds, as_of, now, trigger, actor, summary: RunSummary
) -> None:
    with transaction.atomic():
        # Two runs over the same enterprises take turns; locks are taken in primary-key order.
        list(
            Enterprise.objects.filter(pk__in=ids)
            .order_by("pk")
            .select_for_update()
            .values_list("pk", flat=True)
        )
        statuses = {
            s.enterprise_id: s
            for s in CreditStatus.objects.filter(enterprise_id__in=ids).select_related("manual_entry")
        }
        facts = _facts_by_enterprise(ids, kinds)
        ratings, touched = [], []
        for enterprise_id in ids:
            result = compute(rules, facts.get(enterprise_id, []), as_of)
            fingerprint = result.fingerprint(version=model.version)
            status = statuses.get(enterprise_id)
            summary.rated += 1
            if status is not None and status.fingerprint == fingerprint:
                continue
            previous = status.grade if status is not None else ""
            ratings.append(
                Rating(
                    enterprise_id=enterprise_id,
                    model=model,
                    score=result.score,
                    grade=result.grade,
                    grade_rank=result.grade_rank,
                    blacklisted=result.blacklisted,
                    previous_grade=previous,
                    grade_changed=bool(previous) and previous != result.grade,
                    as_of=as_of,
                    computed_at=now,
                    trigger=trigger,
                    triggered_by=actor if getattr(actor, "is_authenticated", False) else None,
                    explanation=result.explanation(rules=rules, version=model.version, as_of=as_of),
                    fingerprint=fingerprint,
                )
            )
            if status is None:
                status = CreditStatus(enterprise_id=enterprise_id)
            was_listed = status.blacklisted
            status.score, status.grade, status.grade_rank = result.score, result.grade, result.grade_rank
            status.fingerprint, status.rated_at = fingerprint, now
            if result.blacklisted:
                status.rating_listed_since = status.rating_listed_since or now
            else:
                status.rating_listed_since = None
            apply_blacklist(status)
            summary.listed += int(status.blacklisted and not was_listed)
            summary.delisted += int(was_listed and not status.blacklisted)
            touched.append(status)
        if not ratings:
            return
        Rating.objects.bulk_create(ratings, batch_size=1000)
        for status, rating in zip(touched, ratings, strict=True):
            status.rating = rating
        CreditStatus.objects.bulk_create(
            touched,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["enterprise"],
            update_fields=STATUS_FIELDS,
        )
        summary.appended += len(ratings)
        summary.grade_changes += sum(1 for r in ratings if r.grade_changed)
        summary.ratings.extend(ratings)


def rate_enterprises(
    *,
    enterprise_ids,
    trigger: str,
    actor=None,
    as_of: date | None = None,
    everything: bool = False,
    at: datetime | None = None,
) -> RunSummary:
    """Rate the given enterprises now (or as of a date); idempotent. The overview's summary follows the
    grades: the towns of the enterprises re-rated are rewritten (`everything`: every town). `at` stamps
    the ratings of a back-filled history (the demo's programme years; ratings are append-only, so a
    past rating is written with its moment or not at all)."""
    model = active_model()
    categories = dict(RecordKind.objects.values_list("code", "category"))
    kinds = {pk: (code, cat) for pk, code, cat in RecordKind.objects.values_list("pk", "code", "category")}
    rules = rules_of(model, categories)
    as_of = as_of or timezone.localdate()
    now = at or timezone.now()
    ids = sorted(set(enterprise_ids))
    summary = RunSummary()
    for start in range(0, len(ids), CHUNK):
        _rate_chunk(
            ids[start : start + CHUNK],
            model=model,
            rules=rules,
            kinds=kinds,
            as_of=as_of,
            now=now,
            trigger=trigger,
            actor=actor,
            summary=summary,
        )
    if summary.appended and not everything:
        if len(summary.ratings) > CHUNK:
            refresh_grade_counts()
        else:
            touched = {r.enterprise_id for r in summary.ratings}
            refresh_grade_counts(
                town_ids=Enterprise.objects.filter(pk__in=touched)
                .values_list("town_id", flat=True)
                .distinct()
            )
    elif everything:
        refresh_grade_counts()  # every month: the whole summary rewritten, whatever changed
    if summary.appended or getattr(actor, "is_authenticated", False):
        with transaction.atomic():
            _audit_run(summary, model=model, trigger=trigger, actor=actor, scope=len(ids))
            _notify_changes(summary)
    return summary


def rate_enterprise(*, enterprise, trigger: str, actor=None, as_of: date | None = None) -> Rating | None:
    """Rate one enterprise; returns the new rating, or None when nothing changed."""
    summary = rate_enterprises(enterprise_ids=[enterprise.pk], trigger=trigger, actor=actor, as_of=as_of)
    return summary.ratings[0] if summary.ratings else None


def rate_all(
    *,
    trigger: str = RatingTrigger.SCHEDULE,
    actor=None,
    as_of: date | None = None,
    at: datetime | None = None,
) -> RunSummary:
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    return rate_enterprises(
        enterprise_ids=ids, trigger=trigger, actor=actor, as_of=as_of, everything=True, at=at
    )


def rate_expired(*, as_of: date | None = None, window_days: int = 40) -> RunSummary:
    """Re-rate the enterprises whose records' effect ended recently (daily sweep): expired records
    stop counting within a day, not at the next monthly run. Fingerprints keep it idempotent."""
    as_of = as_of or timezone.localdate()
    ids = (
        CreditRecord.objects.exclude(status=RecordStatus.WITHDRAWN)
        .filter(effective_until__lt=as_of, effective_until__gte=as_of - timedelta(days=window_days))
        .order_by()
        .values_list("enterprise_id", flat=True)
        .distinct()
    )
    return rate_enterprises(enterprise_ids=list(ids), trigger=RatingTrigger.EXPIRY, as_of=as_of)


# --- side effects of a run -----------------------------------------------------------------------


def _audit_run(summary: RunSummary, *, model, trigger, actor, scope: int) -> None:
    if scope == 1 and summary.ratings:
        rating = summary.ratings[0]
        audit.record(
            actor=actor,
            action=audit.AuditAction.CREATE,
            instance=rating,
            after={
                "enterprise": rating.enterprise_id,
                "grade": rating.grade,
                "score": str(rating.score),
                "model": model.version,
                "trigger": trigger,
            },
            event="rating.enterprise",
            params={"trigger": trigger},
        )
        return
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE,
        instance=model,
        after=summary.as_dict(),
        event="rating.run",
        params={"trigger": trigger, "count": scope},
    )


def _notify_changes(summary: RunSummary) -> None:
    """A grade change (or a listing on / off the blacklist) notifies the enterprise's users and its
    town's users; a large run gives each town one digest instead."""
    changed = [r for r in summary.ratings if r.grade_changed or r.previous_grade == "" and r.blacklisted]
    if not changed:
        return
    by_id = {
        e.pk: e
        for e in Enterprise.objects.filter(pk__in=[r.enterprise_id for r in changed])
        .order_by()
        .only("pk", "name", "town_id")
    }
    enterprise_users: dict[int, list] = defaultdict(list)
    for user in User.objects.filter(role=Role.ENTERPRISE, is_active=True, enterprise_id__in=by_id):
        enterprise_users[user.enterprise_id].append(user)
    town_users: dict[int, list] = defaultdict(list)
    for user in User.objects.filter(
        role=Role.TOWN, is_active=True, town_id__in={e.town_id for e in by_id.values()}
    ):
        town_users[user.town_id].append(user)
    digest = len(changed) > TOWN_DIGEST_OVER
    per_town: dict[int, list[Rating]] = defaultdict(list)
    for rating in changed:
        enterprise = by_id[rating.enterprise_id]
        recipients = enterprise_users[enterprise.pk] + ([] if digest else town_users[enterprise.town_id])
        if recipients:
            notify(
                recipients=recipients,
                message=rating_change_message(enterprise.name, rating),
                url=reverse("credit:rating_detail", args=[rating.pk]),
            )
        per_town[enterprise.town_id].append(rating)
    if digest:
        for town_id, ratings in per_town.items():
            if town_users[town_id]:
                notify(
                    recipients=town_users[town_id],
                    url=reverse("credit:rating_list") + "?changed=1",
                    message=_("诚信评级更新：本街镇 %(n)d 家企业等级变化，其中 %(b)d 家达到黑名单线。")
                    % {"n": len(ratings), "b": sum(1 for r in ratings if r.blacklisted)},
                )


def rating_change_message(name: str, rating: Rating) -> str:
    if rating.previous_grade:
        message = _("“%(name)s”的诚信评级由 %(old)s 调整为 %(new)s（得分 %(score)s）。") % {
            "name": name,
            "old": rating.previous_grade,
            "new": rating.grade,
            "score": rating.score,
        }
    else:
        message = _("“%(name)s”的诚信评级为 %(new)s（得分 %(score)s）。") % {
            "name": name,
            "new": rating.grade,
            "score": rating.score,
        }
    if rating.blacklisted and (
        not rating.previous_grade or GRADE_RANK[rating.previous_grade] < rating.grade_rank
    ):
        message += _("评级已达黑名单线，不能享受转型升级政策支持。")
    return message
