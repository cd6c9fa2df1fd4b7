"""Reads of the docking; scoping is each model's visible_to, never re-done here."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from accounts.models import Role, User
from core.params import is_id
from core.selectors import filter_given
from enterprises.models import Enterprise
from programs.models import Bank

from . import figures
from .models import (
    ApplicationState,
    DockingSetting,
    Intention,
    LoanApplication,
    Meeting,
    Specialist,
    Visit,
    oversees_docking,
    pool_entry_enterprises,
)


def _get(queryset: QuerySet, pk):
    if not is_id(pk):
        from django.http import Http404

        raise Http404("id")
    return get_object_or_404(queryset, pk=pk)


# --- meetings ------------------------------------------------------------------------------------


def meetings_for(user, *, state: str = "", year: int | None = None) -> QuerySet[Meeting]:
    qs = filter_given(
        Meeting.objects.visible_to(user).select_related("organised_by"), state=state, held_on__year=year
    )
    return qs.prefetch_related("banks").order_by("-held_on", "-id")


def meeting_get(user, pk) -> Meeting:
    return _get(Meeting.objects.visible_to(user).select_related("organised_by"), pk)


def intentions_for(user, *, meeting: Meeting | None = None, state: str = "") -> QuerySet[Intention]:
    qs = Intention.objects.visible_to(user).select_related(
        "bank", "enterprise__town", "meeting", "application"
    )
    return filter_given(qs, meeting=meeting, state=state).order_by("-meeting__held_on", "bank__order", "id")


def intention_get(user, pk) -> Intention:
    return _get(Intention.objects.visible_to(user).select_related("meeting", "bank", "enterprise"), pk)


def pool_entries() -> QuerySet[Enterprise]:
    """The enterprises of the green channel: a current pool entry of their own or of a project."""
    return Enterprise.objects.filter(pool_entry_enterprises()).select_related("town").order_by("name")


def invitable_enterprises() -> QuerySet[Enterprise]:
    """Enterprises a meeting may invite, pool entries first."""
    entry = Enterprise.objects.filter(pool_entry_enterprises(), pk=OuterRef("pk"))
    return Enterprise.objects.annotate(in_pool=Exists(entry)).order_by("-in_pool", "name")


# --- green channel ---------------------------------------------------------------------------------


def waiting_too_long_q(*, today: date, limit: int) -> Q:
    """Applications still waiting more than `limit` days: under review since applying, or approved and
    not disbursed since approval (the rule of docking.figures.waits_too_long)."""
    cutoff = today - timedelta(days=limit)
    return Q(state=ApplicationState.APPLIED, applied_on__lt=cutoff) | Q(
        state=ApplicationState.APPROVED, approved_on__lt=cutoff
    )


def applications_for(
    user,
    *,
    bank: Bank | None = None,
    state: str = "",
    waiting: bool = False,
    search: str = "",
    year: int | None = None,
    today: date | None = None,
    limit: int | None = None,
) -> QuerySet[LoanApplication]:
    qs = LoanApplication.objects.visible_to(user).select_related("bank", "enterprise__town")
    qs = filter_given(qs, bank=bank, state=state, applied_on__year=year)
    if search:
        qs = qs.filter(Q(enterprise__name__icontains=search) | Q(enterprise__uscc__iexact=search))
    if waiting:
        from django.utils import timezone

        today = today or timezone.localdate()
        limit = DockingSetting.current().waiting_days if limit is None else limit
        qs = qs.filter(waiting_too_long_q(today=today, limit=limit))
    return qs.order_by("-applied_on", "-id")


def application_get(user, pk) -> LoanApplication:
    return _get(
        LoanApplication.objects.visible_to(user).select_related("bank", "enterprise__town", "recorded_by"), pk
    )


def figure_banks(user) -> QuerySet[Bank]:
    """The banks whose line a user sees in the figures table: all for 金融办 and the office, its own
    for a bank."""
    if oversees_docking(user):
        return Bank.objects.filter(is_active=True).order_by("order", "code")
    if user.is_authenticated and user.role == Role.BANK:
        return Bank.objects.filter(pk=user.bank_id)
    return Bank.objects.none()


def bank_figures_for(user, *, year: int | None = None, today: date, limit: int):
    """[(bank, BankFigures)] for the banks the user sees, and the total line: two queries."""
    banks = list(figure_banks(user))
    qs = LoanApplication.objects.visible_to(user).filter(bank__in=[b.pk for b in banks])
    if year:
        qs = qs.filter(applied_on__year=year)
    rows = (
        figures.Row(*values)
        for values in qs.values_list(
            "bank_id", "state", "qualifying", "applied_on", "approved_on", "disbursed_on", "amount_granted"
        ).iterator(chunk_size=5000)
    )
    result = figures.bank_figures(rows, bank_ids=[b.pk for b in banks], today=today, limit=limit)
    return list(zip(banks, result, strict=True)), figures.total(result)


# --- specialists and visits ----------------------------------------------------------------------


def specialists_for(user, *, current: bool = True) -> QuerySet[Specialist]:
    qs = Specialist.objects.visible_to(user).select_related("bank", "enterprise__town", "user")
    if current:
        qs = qs.filter(ended_at__isnull=True)
    return qs.order_by("bank__order", "enterprise__name", "id")


def specialist_get(user, pk) -> Specialist:
    return _get(Specialist.objects.visible_to(user).select_related("bank", "enterprise", "user"), pk)


def bank_staff(bank_id) -> QuerySet[User]:
    return User.objects.filter(role=Role.BANK, bank_id=bank_id, is_active=True).order_by("username")


def visits_for(user, *, enterprise_id=None) -> QuerySet[Visit]:
    qs = Visit.objects.visible_to(user).select_related("bank", "enterprise__town", "specialist__user")
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    return qs.order_by("-visited_on", "-id")


def visits_due(user, *, today: date) -> QuerySet[Specialist]:
    """Current assignments never visited, or whose latest visit set a next visit that has come."""
    latest = Visit.objects.filter(specialist=OuterRef("pk")).order_by("-visited_on", "-id")
    return (
        specialists_for(user)
        .annotate(
            visited=Exists(latest),
            next_on=Subquery(latest.values("next_visit_on")[:1]),
        )
        .filter(Q(visited=False) | Q(next_on__lte=today))
    )
