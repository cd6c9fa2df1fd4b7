"""The credit overview's summary (GradeCount): enterprises by town, industry and current grade.

Rewritten from the enterprises and their CreditStatus for the towns a rating run touched (every town after
rate_all, so the monthly run also repairs it); moved by one for an enterprise created, moved to another town
or industry, or deleted (the receivers below, connected in CreditConfig.ready). Both take the rows of the
towns concerned FOR NO KEY UPDATE first, so a rewrite and a move never interleave (and rows that merely
refer to a town, a new enterprise or nomination, are not held up by it)."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce

from enterprises.models import Enterprise
from programs.models import Town

from .models import CreditStatus, GradeCount


def refresh_grade_counts(*, town_ids: Iterable[int] | None = None) -> int:
    """Rewrite the rows of these towns (None: every town) in one grouped query; returns the rows written."""
    with transaction.atomic():
        towns = Town.objects.select_for_update(no_key=True).order_by("pk")
        enterprises = Enterprise.objects.order_by()
        rows = GradeCount.objects.all()
        if town_ids is not None:
            ids = list(towns.filter(pk__in=set(town_ids)).values_list("pk", flat=True))
            enterprises = enterprises.filter(town_id__in=ids)
            rows = rows.filter(town_id__in=ids)
        else:
            list(towns.values_list("pk", flat=True))
        counts = (
            enterprises.values("town_id", "industry_id")
            .annotate(grade=Coalesce("credit_status__grade", Value("")), n=Count("id"))
            .values_list("town_id", "industry_id", "grade", "n")
        )
        fresh = [GradeCount(town_id=t, industry_id=i, grade=g, n=n) for t, i, g, n in counts]
        rows.delete()
        GradeCount.objects.bulk_create(fresh, batch_size=2000)
        return len(fresh)


def _move(town_id: int, industry_id: int, grade: str, by: int) -> None:
    """Add `by` (±1) to one cell; the caller holds its town's row lock."""
    cell = GradeCount.objects.filter(town_id=town_id, industry_id=industry_id, grade=grade)
    if not cell.update(n=F("n") + by) and by > 0:
        GradeCount.objects.create(town_id=town_id, industry_id=industry_id, grade=grade, n=by)
    elif by < 0:
        cell.filter(n=0).delete()


def _grade_of(enterprise_id: int) -> str:
    return (
        CreditStatus.objects.filter(enterprise_id=enterprise_id).values_list("grade", flat=True).first() or ""
    )


def _lock(*town_ids: int) -> None:
    list(
        Town.objects.select_for_update(no_key=True)
        .filter(pk__in=set(town_ids))
        .order_by("pk")
        .values_list("pk")
    )


# --- receivers (Enterprise) -------------------------------------------------------------------------


def before_enterprise_save(sender, instance, raw=False, **kwargs) -> None:
    instance._credit_cell = (
        None
        if raw or instance.pk is None
        else Enterprise.objects.filter(pk=instance.pk).values_list("town_id", "industry_id").first()
    )


def after_enterprise_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_credit_cell", None)
    after = (instance.town_id, instance.industry_id)
    if before == after:
        return
    with transaction.atomic():
        _lock(after[0], *(before[:1] if before else ()))
        grade = "" if created else _grade_of(instance.pk)
        if before is not None:
            _move(before[0], before[1], grade, -1)
        _move(after[0], after[1], grade, +1)
    instance._credit_cell = after


def before_enterprise_delete(sender, instance, **kwargs) -> None:
    with transaction.atomic():
        _lock(instance.town_id)
        _move(instance.town_id, instance.industry_id, _grade_of(instance.pk), -1)
