"""The guidance fund's capital calls on its contributors (缴款通知) and its distributions to them
(收益分配), by contribution ratio."""

from datetime import date as date_type
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import Conflict
from core.permissions import require

from .. import permissions_guarantees as permissions
from ..models import Contributor, SubFund
from ..models.guidance import CapitalCall, CapitalCallShare, Distribution, DistributionShare
from .guidance_terms import guidance_only, positive, rule, split_by_ratio, split_by_weights
from .ledger import lock_sub_fund, post_entry, transfer
from .support import CENT, plain


def _contributors(fund: SubFund) -> list[Contributor]:
    return list(Contributor.objects.filter(sub_fund=fund).order_by("order", "code"))


def _check_government_share(fund: SubFund, contributors: list[Contributor]) -> None:
    total = sum((c.ratio for c in contributors), Decimal(0))
    government = sum((c.ratio for c in contributors if c.kind == "government"), Decimal(0))
    cap = rule(fund, "government_share_max")
    if total and government / total > cap:
        raise Conflict(
            _("政府出资比例 %(pct)s%% 超过上限 %(cap)s%%，请先调整出资人。")
            % {"pct": plain((government / total * 100).quantize(CENT)), "cap": plain(cap * 100)}
        )


@transaction.atomic
def capital_call_create(
    *, actor, fund: SubFund, amount: Decimal, called_on: date_type | None = None, note: str = ""
) -> CapitalCall:
    """A capital call on the contributors' unpaid commitments, pro rata (按出资比例): while every
    contributor has paid the same share of its commitment, the parts are exactly the contribution
    ratios; one that paid ahead is called for less. Never beyond what is still unpaid."""
    require(permissions.can_manage_guidance(actor))
    guidance_only(fund)
    amount = positive(amount, "amount")
    fund = lock_sub_fund(fund)
    contributors = list(
        Contributor.objects.select_for_update().filter(sub_fund=fund).order_by("order", "code")
    )
    _check_government_share(fund, contributors)
    pending: dict[int, Decimal] = {}
    for share in CapitalCallShare.objects.filter(call__fund=fund, paid_on__isnull=True):
        pending[share.contributor_id] = pending.get(share.contributor_id, Decimal(0)) + share.amount
    room = {
        c.pk: max(c.committed - c.paid_in - pending.get(c.pk, Decimal(0)), Decimal(0)) for c in contributors
    }
    unpaid = sum(room.values(), Decimal(0))
    if amount > unpaid:
        raise Conflict(
            _("缴款总额 %(amount)s 元超过出资人尚未缴付的认缴额合计 %(room)s 元。")
            % {"amount": amount, "room": unpaid}
        )
    callable_ = [c for c in contributors if room[c.pk] > 0]
    parts = split_by_weights(amount, callable_, {c.pk: room[c.pk] for c in callable_})
    call = CapitalCall.objects.create(
        fund=fund,
        amount=amount,
        called_on=called_on or timezone.localdate(),
        note=(note or "")[:300],
        created_by=actor,
    )
    CapitalCallShare.objects.bulk_create(
        [CapitalCallShare(call=call, contributor=c, amount=parts[c.pk]) for c in callable_ if parts[c.pk] > 0]
    )
    audit.record_saved(actor=actor, instance=call, before=None)
    return call


def capital_call_pay(*, actor, share: CapitalCallShare, paid_on: date_type | None = None) -> CapitalCallShare:
    """A contributor pays its part of a call: the foundation's paid-in capital entry (Dr cash, Cr
    capital paid in), once (the share row is locked; the entry's key is the share's)."""
    from .funds import capital_pay_in

    require(permissions.can_manage_guidance(actor))
    paid_on = paid_on or timezone.localdate()
    with transaction.atomic():
        share = (
            CapitalCallShare.objects.select_for_update()
            .select_related("contributor", "call")
            .get(pk=share.pk)
        )
        if share.paid_on is not None:
            raise Conflict(
                _("%(name)s已于 %(day)s 缴付。") % {"name": share.contributor.name, "day": share.paid_on}
            )
        capital_pay_in(
            actor=actor,
            contributor=share.contributor,
            amount=share.amount,
            date=paid_on,
            memo=_("%(name)s按缴款通知实缴出资") % {"name": share.contributor.name},
            key=f"capital-call-share:{share.pk}",
        )
        share.paid_on = paid_on
        share.save(update_fields=["paid_on"])
    return share


@transaction.atomic
def distribution_create(
    *, actor, fund: SubFund, amount: Decimal, distributed_on: date_type | None = None, note: str = ""
) -> Distribution:
    """Money returned to the contributors by contribution ratio: Dr distributions, Cr cash (never
    more than the cash available: the ledger refuses it)."""
    require(permissions.can_manage_guidance(actor))
    guidance_only(fund)
    amount = positive(amount, "amount")
    fund = lock_sub_fund(fund)
    contributors = _contributors(fund)
    parts = split_by_ratio(amount, contributors)
    distributed_on = distributed_on or timezone.localdate()
    distribution = Distribution.objects.create(
        fund=fund, amount=amount, distributed_on=distributed_on, note=(note or "")[:300], created_by=actor
    )
    DistributionShare.objects.bulk_create(
        [
            DistributionShare(distribution=distribution, contributor=c, amount=parts[c.pk])
            for c in contributors
        ]
    )
    post_entry(
        fund,
        transfer("distributions", "cash", amount),
        caused_by=actor,
        obj=distribution,
        memo=_("按出资比例分配：%(parts)s")
        % {"parts": "，".join(f"{c.name} {parts[c.pk]}元" for c in contributors)},
        date=distributed_on,
        kind="distribution",
        key=f"guidance-distribution:{distribution.pk}",
    )
    audit.record_saved(actor=actor, instance=distribution, before=None)
    return distribution
