"""Nomination windows (申报窗口): open, extend, close."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require
from programs.models import Pool

from .. import permissions
from ..models import NominationWindow

# --- windows ---------------------------------------------------------------------------------


def _refuse_overlap(window: NominationWindow) -> None:
    """One window at a time for a pool: a window for one pool may not overlap another for the same pool
    or for all pools (全部培育库) of the same year, nor an all-pool window any other."""
    others = NominationWindow.objects.filter(
        programme_id=window.programme_id,
        year=window.year,
        closed_at__isnull=True,
        opens_on__lte=window.closes_on,
        closes_on__gte=window.opens_on,
    ).exclude(pk=window.pk)
    if window.pool_id is not None:
        others = others.filter(Q(pool__isnull=True) | Q(pool_id=window.pool_id))
    other = others.select_related("pool").order_by("opens_on").first()
    if other is not None:
        raise ValidationError(
            {
                "opens_on": _(
                    "该时段与已有的申报窗口（%(scope)s，%(opens)s至%(closes)s）重叠，"
                    "请调整日期，或先关闭已有窗口。"
                )
                % {
                    "scope": other.pool.name if other.pool is not None else _("全部培育库"),
                    "opens": other.opens_on,
                    "closes": other.closes_on,
                }
            }
        )


def window_open(
    *, actor, programme, year: int, opens_on, closes_on, pool: Pool | None = None
) -> NominationWindow:
    require(permissions.can_manage_windows(actor))
    if not programme.start_year <= year <= programme.end_year:
        raise ValidationError(
            {
                "year": _("年度须在方案期限（%(a)s—%(b)s）内。")
                % {"a": programme.start_year, "b": programme.end_year}
            }
        )
    if pool is not None and pool.programme_id != programme.pk:
        raise ValidationError({"pool": _("培育库须属于该方案。")})
    window = NominationWindow(
        programme=programme, year=year, pool=pool, opens_on=opens_on, closes_on=closes_on
    )
    window.full_clean()
    if closes_on < timezone.localdate():
        raise ValidationError(
            {"closes_on": _("截止日期（%(date)s）已过：不能设置已经结束的申报窗口。") % {"date": closes_on}}
        )
    _refuse_overlap(window)
    with transaction.atomic():
        window.save()
        audit.record_saved(actor=actor, instance=window, before=None)
    return window


@transaction.atomic
def window_update(*, actor, window: NominationWindow, closes_on=None, opens_on=None) -> NominationWindow:
    """Extend (or shorten) a window; reopens one that was closed early."""
    require(permissions.can_manage_windows(actor))
    window = NominationWindow.objects.select_for_update().get(pk=window.pk)
    before = audit.snapshot(window)
    if opens_on is not None:
        window.opens_on = opens_on
    if closes_on is not None:
        window.closes_on = closes_on
        window.closed_at = None
    window.full_clean()
    _refuse_overlap(window)
    window.save()
    audit.record_saved(actor=actor, instance=window, before=before)
    return window


@transaction.atomic
def window_close(*, actor, window: NominationWindow) -> NominationWindow:
    require(permissions.can_manage_windows(actor))
    window = NominationWindow.objects.select_for_update().get(pk=window.pk)
    before = audit.snapshot(window)
    window.closed_at = timezone.now()
    window.save(update_fields=["closed_at", "updated_at"])
    audit.record_saved(
        actor=actor,
        instance=window,
        before=before,
        event="window.close",
        params={
            "year": window.year,
            "pool": window.pool.name if window.pool is not None else "",
            "opens": window.opens_on.isoformat(),
            "closes": window.closes_on.isoformat(),
        },
    )
    return window
