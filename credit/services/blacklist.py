"""The blacklist: by rating, or manually by 区金融办 with a reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.notifications import notify
from core.permissions import require
from core.services import required_reason
from enterprises.models import Enterprise

from .. import permissions
from ..models import (
    BlacklistEntry,
    CreditStatus,
)
from ..rating import (
    apply_blacklist,
)

# --- blacklist -------------------------------------------------------------------------------------


def _locked_status(enterprise: Enterprise) -> CreditStatus:
    Enterprise.objects.select_for_update().filter(pk=enterprise.pk).exists()  # same lock as rating runs
    status, _created = CreditStatus.objects.select_related("manual_entry").get_or_create(
        enterprise=enterprise
    )
    return status


def _blacklist_recipients(enterprise: Enterprise) -> list:
    return list(
        User.objects.filter(is_active=True).filter(role=Role.ENTERPRISE, enterprise_id=enterprise.pk)
    ) + list(User.objects.filter(is_active=True, role=Role.TOWN, town_id=enterprise.town_id))


def _save_manual_entry(status: CreditStatus) -> None:
    """The status's (changed) manual entry saved with what follows from it: blacklisted, and since when."""
    apply_blacklist(status)
    status.save(update_fields=["manual_entry", "blacklisted", "blacklisted_since"])


@transaction.atomic
def blacklist_add(*, actor, enterprise: Enterprise, reason: str) -> BlacklistEntry:
    require(permissions.can_manage_blacklist(actor))
    reason = required_reason(reason, _("列入黑名单须填写原因。"))
    status = _locked_status(enterprise)
    if status.manual_entry is not None:
        raise ValidationError(
            {
                "enterprise": _("该企业已被人工列入黑名单（%(since)s）。")
                % {"since": f"{timezone.localtime(status.manual_entry.added_at):%Y-%m-%d}"}
            }
        )
    entry = BlacklistEntry.objects.create(enterprise=enterprise, reason=reason[:2000], added_by=actor)
    status.manual_entry = entry
    _save_manual_entry(status)
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE,
        instance=entry,
        after={"enterprise": enterprise.pk, "reason": reason[:300]},
        event="blacklist.added",
    )
    notify(
        recipients=_blacklist_recipients(enterprise),
        url=reverse("credit:enterprise_credit", args=[enterprise.pk]),
        message=_("“%(name)s”已被%(dept)s列入诚信黑名单：%(reason)s")
        % {"name": enterprise.name, "dept": actor.department.name, "reason": reason},
    )
    return entry


@transaction.atomic
def blacklist_remove(*, actor, entry: BlacklistEntry, reason: str) -> BlacklistEntry:
    require(permissions.can_manage_blacklist(actor))
    entry = BlacklistEntry.objects.select_for_update().select_related("enterprise").get(pk=entry.pk)
    if entry.removed_at is not None:
        raise ValidationError({"entry": _("该企业已移出黑名单。")})
    reason = required_reason(reason, _("移出黑名单须填写原因。"))
    status = _locked_status(entry.enterprise)
    entry.removed_at, entry.removed_by, entry.removed_reason = timezone.now(), actor, reason[:2000]
    entry.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    if status.manual_entry_id == entry.pk:
        status.manual_entry = None
    _save_manual_entry(status)
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=entry,
        before={"removed_at": None},
        after={"removed_at": entry.removed_at.isoformat(), "reason": reason[:300]},
        event="blacklist.removed",
    )
    message = _("“%(name)s”已被移出人工黑名单：%(reason)s") % {
        "name": entry.enterprise.name,
        "reason": reason,
    }
    if status.blacklisted:
        message += _("（诚信评级仍在黑名单线以下，仍不能享受政策支持。）")
    notify(
        recipients=_blacklist_recipients(entry.enterprise),
        message=message,
        url=reverse("credit:enterprise_credit", args=[entry.enterprise_id]),
    )
    return entry
