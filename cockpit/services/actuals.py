"""The office's entered actuals of the district indicators (audited; a refresh follows the commit)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require
from programs.models import DistrictIndicator

from .. import permissions
from ..models import ActualEntry
from .refresh import request_refresh


@transaction.atomic
def actual_entry_save(
    *, actor, indicator: DistrictIndicator, year: int, month: int, value: Decimal, source_note: str
) -> ActualEntry:
    require(permissions.can_enter_actuals(actor))
    if not indicator.programme.start_year <= year <= indicator.programme.end_year:
        raise ValidationError({"year": _("年度须在方案期限内。")})
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("月份须为1至12。")})
    if not (source_note or "").strip():
        raise ValidationError({"source_note": _("请注明数据来源。")})
    entry = (
        ActualEntry.objects.select_for_update().filter(indicator=indicator, year=year, month=month).first()
    )
    before = audit.snapshot(entry) if entry else None
    if entry is None:
        entry = ActualEntry(indicator=indicator, year=year, month=month, entered_by=actor)
    entry.value, entry.source_note, entry.entered_by = value, source_note.strip(), actor
    entry.full_clean()
    entry.save()
    audit.record_saved(actor=actor, instance=entry, before=before)
    transaction.on_commit(request_refresh)
    return entry
