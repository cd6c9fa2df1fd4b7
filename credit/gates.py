"""The blacklist gate (罗发〔2016〕23号 第20条: "对诚信评级较低企业，实行黑名单制，一律不享受转型升级的政策支持").

Services that grant support (nominating into a pool, approving into a pool, later fund support)
call `support_block_reason(enterprise)` and refuse with the reason when it is not empty. The gate is
enforced in those services, not only hidden in forms.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CreditStatus


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}"


def support_block_reason(enterprise) -> str:
    """Why the enterprise may not receive transformation-policy support, since when; "" when free.
    One query."""
    if enterprise is None or enterprise.pk is None:
        return ""
    status = (
        CreditStatus.objects.filter(enterprise_id=enterprise.pk, blacklisted=True)
        .select_related("manual_entry__added_by__department", "rating")
        .first()
    )
    if status is None:
        return ""
    reasons = []
    if status.manual_entry_id:
        entry = status.manual_entry
        unit = entry.added_by.unit_name if entry.added_by_id else ""
        reasons.append(
            _("自 %(since)s 起被%(unit)s列入诚信黑名单，原因：%(reason)s")
            % {"since": _day(entry.added_at), "unit": unit, "reason": entry.reason}
        )
    if status.rating_listed_since:
        cutoff = (
            (status.rating.explanation.get("blacklist") or {}).get("at_or_below", "")
            if status.rating_id
            else ""
        )
        reasons.append(
            _("自 %(since)s 起诚信评级为 %(grade)s，达到黑名单线（%(cutoff)s 及以下）")
            % {"since": _day(status.rating_listed_since), "grade": status.grade, "cutoff": cutoff}
        )
    return _(
        "“%(name)s”在诚信黑名单上：%(reasons)s。按规定不享受转型升级政策支持（不能申报、入库或获得资金支持）。"
    ) % {"name": enterprise.name, "reasons": "；".join(reasons)}
