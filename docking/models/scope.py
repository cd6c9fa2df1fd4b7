"""Who sees a docking row: one rule per kind of row, as a condition on the row's bank and enterprise."""

from django.db.models import Q

from core.models_base import NOTHING, ScopedQuerySet
from pools.models import Nomination, department_pools

FINANCIAL_OFFICE = "financial_office"  # 区金融办, the department that leads 第22条


def _role():
    from accounts.models import Role

    return Role


def is_financial_office(user) -> bool:
    Role = _role()
    return bool(
        user.is_authenticated
        and user.role == Role.DEPARTMENT
        and user.department_id
        and user.department.code == FINANCIAL_OFFICE
    )


def oversees_docking(user) -> bool:
    """区金融办 (牵头部门) and the leadership office see every bank's docking."""
    Role = _role()
    return bool(
        user.is_authenticated and user.is_active and (user.role == Role.OFFICE or is_financial_office(user))
    )


def docking_scope(
    user, *, bank: str = "bank_id", enterprise: str = "enterprise", departments: bool = False
) -> Q:
    """The rows of one bank and one enterprise a user sees: 金融办 and the office all, a bank its own,
    an enterprise its own, a town its town's enterprises'; a department other than 金融办 the rows of
    enterprises in its pools when `departments` (the green channel), else none; anyone else none."""
    Role = _role()
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if oversees_docking(user):
        return Q()
    if user.role == Role.BANK:
        return Q(**{bank: user.bank_id})
    if user.role == Role.ENTERPRISE:
        return Q(**{f"{enterprise}_id": user.enterprise_id})
    if user.role == Role.TOWN:
        return Q(**{f"{enterprise}__town_id": user.town_id})
    if user.role == Role.DEPARTMENT and departments:
        entries = Nomination.objects.in_pool().filter(pool_id__in=department_pools(user))
        return Q(
            **{f"{enterprise}_id__in": entries.filter(enterprise__isnull=False).values("enterprise_id")}
        ) | Q(
            **{f"{enterprise}_id__in": entries.filter(project__isnull=False).values("project__enterprise_id")}
        )
    return NOTHING


def pool_entry_enterprises():
    """Enterprise ids with a current pool entry of their own or of a project (the green channel's)."""
    entries = Nomination.objects.in_pool()
    return Q(pk__in=entries.filter(enterprise__isnull=False).values("enterprise_id")) | Q(
        pk__in=entries.filter(project__isnull=False).values("project__enterprise_id")
    )


class DockingScopedQuerySet(ScopedQuerySet):
    """Rows of one bank and one enterprise: 金融办 and the office all, a bank its own, an enterprise its
    own, a town its enterprises'; anyone else none."""

    departments = False  # the green channel opens its rows to the departments of the enterprise's pools

    def scope(self, user) -> Q:
        return docking_scope(user, departments=self.departments)
