"""Reads of the bridge loans (过桥资金): lists as a user may see them, and their rules at a day's end
(outstanding, overdue by age band, lent since the start) that the cockpit's month-end figures count."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from core.selectors import filter_given

from .ledger import ZERO

LENT_STATES = ("disbursed", "overdue", "repaid")


def outstanding_at(on: date) -> Q:
    """Bridge loans lent and not yet repaid at the end of `on`."""
    return Q(state__in=LENT_STATES, disbursed_on__lte=on) & (Q(repaid_on__isnull=True) | Q(repaid_on__gt=on))


def overdue_at(on: date, age: str = "") -> Q:
    """Bridge loans overdue at the end of `on` (past their due date, not repaid by then), the daily
    task's rule on that day: overdue days = `on` − due date; `age` (funds.models.AGE_BUCKETS) narrows
    them to one band."""
    from ..models import AGE_BUCKETS

    condition = outstanding_at(on) & Q(due_on__lt=on)
    for code, low, high in AGE_BUCKETS:
        if age == code:
            condition &= Q(due_on__lte=on - timedelta(days=low))
            if high is not None:
                condition &= Q(due_on__gte=on - timedelta(days=high))
    return condition


def lent_by(on: date) -> Q:
    """Bridge loans lent on or before `on` (the cockpit's 累计投放 counts their approved amounts)."""
    return Q(state__in=LENT_STATES, disbursed_on__lte=on)


def _as_of_condition(on: date, state: str, age: str) -> Q:
    """The loans as they stood at the end of `on`: 已拨付 outstanding then, 逾期 (or an age band)
    overdue then, 已归还 repaid by then, and without a state the loans lent by then. The states
    before lending carry no date: they filter on the state now."""
    if age:
        return overdue_at(on, age)
    if state == "overdue":
        return overdue_at(on)
    if state == "disbursed":
        return outstanding_at(on)
    if state == "repaid":
        return lent_by(on) & Q(repaid_on__lte=on)
    return Q(state=state) if state else lent_by(on)


def bridge_loans_for(
    user, *, state: str = "", bank=None, town=None, q: str = "", age: str = "", as_of: date | None = None
):
    """The loans `user` may read, filtered. With `as_of`, the state and the age band are those at
    the end of that day (_as_of_condition: the cockpit's month-end figures)."""
    from ..models import AGE_BUCKETS, BridgeLoan

    loans = BridgeLoan.objects.visible_to(user).select_related(
        "sub_fund", "enterprise", "town", "bank", "pool_entry__pool"
    )
    if as_of is not None:
        loans = loans.filter(_as_of_condition(as_of, state, age))
        state = age = ""
    loans = filter_given(loans, state=state, bank=bank, town=town, enterprise__name__icontains=q)
    for code, low, high in AGE_BUCKETS:
        if age == code:
            loans = loans.filter(state="overdue", overdue_days__gte=low)
            if high is not None:
                loans = loans.filter(overdue_days__lte=high)
    return loans.order_by("-created_at", "-id")


def bridge_loan_get(user, pk: int):
    from django.shortcuts import get_object_or_404

    from ..models import BridgeLoan

    return get_object_or_404(
        BridgeLoan.objects.visible_to(user).select_related(
            "sub_fund__fund", "enterprise", "town", "bank", "pool_entry__pool", "applied_by", "decided_by"
        ),
        pk=pk,
    )


def state_counts(loans) -> dict[str, int]:
    return dict(loans.order_by().values_list("state").annotate(n=Count("id")))


def _age_condition(low: int, high: int | None, as_of: date | None) -> Q:
    if as_of is not None:
        condition = outstanding_at(as_of) & Q(due_on__lte=as_of - timedelta(days=low))
        return condition & Q(due_on__gte=as_of - timedelta(days=high)) if high is not None else condition
    condition = Q(state="overdue", overdue_days__gte=low)
    return condition & Q(overdue_days__lte=high) if high is not None else condition


def _states_at(loans, on: date) -> list[tuple[str, int]]:
    """已拨付 (outstanding, not yet due), 逾期 and 已归还 at the end of `on`: one query."""
    from ..models import BridgeLoanState as S

    counts = loans.aggregate(
        disbursed=Count("id", filter=outstanding_at(on) & Q(due_on__gte=on)),
        overdue=Count("id", filter=overdue_at(on)),
        repaid=Count("id", filter=lent_by(on) & Q(repaid_on__lte=on)),
    )
    return [(str(S(code).label), counts[code]) for code in ("disbursed", "overdue", "repaid")]


def bridge_overview(user, as_of: date | None = None) -> dict:
    """Overdue by age, loans by state, money by pool, path and town: five aggregate queries. With
    `as_of`, as they stood at the end of that day (the rules of bridge_loans_for)."""
    from ..models import AGE_BUCKETS, BridgeLoan

    loans = BridgeLoan.objects.visible_to(user).order_by()
    age_aggregates: dict[str, Any] = {}
    for code, low, high in AGE_BUCKETS:
        condition = _age_condition(low, high, as_of)
        age_aggregates[f"n_{code}"] = Count("id", filter=condition)
        age_aggregates[f"amount_{code}"] = Coalesce(Sum("approved_amount", filter=condition), ZERO)
    ages = loans.aggregate(**age_aggregates)
    if as_of is None:
        lent = loans.filter(state__in=LENT_STATES)
        still_out = Q(state__in=["disbursed", "overdue"])
    else:
        lent, still_out = loans.filter(lent_by(as_of)), outstanding_at(as_of)

    def by(field):
        return list(
            lent.values(field)
            .annotate(
                n=Count("id"),
                amount=Coalesce(Sum("approved_amount"), ZERO),
                outstanding=Coalesce(Sum("approved_amount", filter=still_out), ZERO),
            )
            .order_by("-amount")
        )

    return {
        "ages": [
            {"code": code, "n": ages[f"n_{code}"], "amount": ages[f"amount_{code}"]}
            for code, _l, _h in AGE_BUCKETS
        ],
        "states": _labelled(state_counts(loans)) if as_of is None else _states_at(loans, as_of),
        "by_pool": by("pool_entry__pool__name"),
        "by_path": by("pool_entry__pool__path__name"),
        "by_town": by("town__name"),
    }


def _labelled(counts: dict[str, int]) -> list[tuple[str, int]]:
    from ..models import BridgeLoanState

    return [(str(label), counts.get(code, 0)) for code, label in BridgeLoanState.choices]
