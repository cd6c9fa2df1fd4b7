"""What the fund's forms of support share (第21条: a guarantee, an investment of the guidance fund):
amounts to the cent, rates as people write them, a sub-fund's rule with the published default where
its file leaves it out, the blacklist gate on the locked enterprise row, and the enterprise's pool
entry (重点投向培育库企业（项目）)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from core.exceptions import Conflict
from credit.gates import support_block_reason
from enterprises.models import Enterprise
from pools.models import Nomination

from ..models import SubFund

CENT = Decimal("0.01")


def plain(value: Decimal) -> str:
    """A rate or multiple as people write it: 10, 0.25, 30 (never 1E+1)."""
    return f"{value.normalize():f}"


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def rule_of(fund: SubFund, key: str, defaults: dict):
    """The sub-fund's parameter, or the published default where its file leaves it out."""
    value = fund.param(key)
    return defaults[key] if value is None else value


def gated_enterprise(enterprise_id: int) -> Enterprise:
    """The enterprise row locked (before the sub-fund's, in the ledger's lock order), refused while the
    blacklist gate blocks support (credit.gates)."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    if blocked := support_block_reason(enterprise):
        raise Conflict(blocked)
    return enterprise


def pool_entry_of(enterprise: Enterprise, programme_id: int) -> Nomination | None:
    """The enterprise's current pool entry in the programme (itself or one of its projects)."""
    return (
        Nomination.objects.in_pool()
        .filter(
            Q(enterprise_id=enterprise.pk) | Q(project__enterprise_id=enterprise.pk),
            programme_id=programme_id,
        )
        .order_by("-year", "pk")
        .first()
    )
