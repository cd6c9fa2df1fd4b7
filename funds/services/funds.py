"""Funds as data: loading the fund file, the agency's edits of rule parameters, paid-in capital."""

from datetime import date as date_type
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require

from .. import permissions
from ..models import Contributor, SubFund
from ..rules import validate_params
from .ledger import lock_sub_fund, post_entry, transfer


@transaction.atomic
def params_update(*, actor, sub_fund: SubFund, values: dict) -> SubFund:
    """The fund agency changes a sub-fund's rule parameters: every declared key, validated, audited."""
    require(permissions.can_manage_fund(actor))
    sub_fund = lock_sub_fund(sub_fund)
    stored = validate_params(sub_fund.kind, values)
    if stored == sub_fund.params:
        return sub_fund
    before = {"params": sub_fund.params}
    sub_fund.params = stored
    sub_fund.save(update_fields=["params", "updated_at"])
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=sub_fund,
        before=before,
        after={"params": stored},
        event="funds.params",
    )
    return sub_fund


def capital_pay_in(
    *,
    actor,
    contributor: Contributor,
    amount: Decimal,
    date: date_type | None = None,
    memo: str = "",
    key: str = "",
):
    """A contributor pays in capital: Dr cash, Cr capital_paid_in, and its paid-in amount grows
    (never beyond its commitment)."""
    if actor is not None:
        require(permissions.can_manage_fund(actor))
    if amount <= 0:
        raise ValidationError({"amount": _("实缴金额须大于零。")})
    with transaction.atomic():
        sub_fund = lock_sub_fund(contributor.sub_fund_id)
        contributor = Contributor.objects.select_for_update().get(pk=contributor.pk)
        if contributor.paid_in + amount > contributor.committed:
            raise ValidationError(
                {
                    "amount": _("%(name)s实缴将超过认缴额：认缴 %(committed)s 元，已实缴 %(paid)s 元。")
                    % {
                        "name": contributor.name,
                        "committed": contributor.committed,
                        "paid": contributor.paid_in,
                    }
                }
            )
        entry = post_entry(
            sub_fund,
            transfer("cash", "capital_paid_in", amount),
            caused_by=actor,
            obj=contributor,
            memo=memo or _("%(name)s实缴出资") % {"name": contributor.name},
            date=date or timezone.localdate(),
            kind="pay_in",
            key=key,
        )
        Contributor.objects.filter(pk=contributor.pk).update(
            paid_in=F("paid_in") + amount, updated_at=timezone.now()
        )
    return entry


# What the audit row of a pause or resumption shows.
PAUSE_AUDITED = ["paused", "paused_reason"]


@transaction.atomic
def set_paused(
    *, sub_fund: SubFund, paused: bool, reason: str = "", actor=None, by_rule: bool = False
) -> bool:
    """Pause or resume new money of a sub-fund; True when it changed. Audited. `by_rule`: the fund's
    own rule paused it (the daily task may then resume it)."""
    sub_fund = lock_sub_fund(sub_fund)
    if sub_fund.paused == paused:
        return False
    before = audit.snapshot(sub_fund, PAUSE_AUDITED)
    sub_fund.paused = paused
    sub_fund.paused_at = timezone.now() if paused else None
    sub_fund.paused_reason = reason[:300] if paused else ""
    sub_fund.paused_by_rule = paused and by_rule
    sub_fund.save(update_fields=["paused", "paused_at", "paused_reason", "paused_by_rule", "updated_at"])
    audit.record_saved(
        actor=actor,
        instance=sub_fund,
        before=before,
        fields=PAUSE_AUDITED,
        event="funds.paused" if paused else "funds.resumed",
    )
    return True
