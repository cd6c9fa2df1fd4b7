"""Who sees an enterprise's reports, dues and figures: one rule (enterprise_scope) for all three."""

from django.db.models import Q

from core.models_base import NOTHING, ScopedQuerySet
from pools.reach import enterprises_of

# --- scope -------------------------------------------------------------------------------------------


def _role():
    from accounts.models import Role

    return Role


def enterprise_scope(user, path: str = "enterprise") -> Q:
    """Whose reports, dues and figures a user sees, as a condition on the enterprise at `path` ("" for
    the Enterprise model itself). An allow-list by business role (第19条): the enterprise itself, its
    town, the office, and the departments that lead or are responsible for a pool the enterprise (or one
    of its projects) is in. Every other role (the administrators) sees nothing."""
    Role = _role()
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    own_id = f"{path}_id" if path else "pk"
    town_id = f"{path}__town_id" if path else "town_id"
    if user.role == Role.OFFICE:
        return Q()
    if user.role == Role.TOWN:
        return Q(**{town_id: user.town_id})
    if user.role == Role.ENTERPRISE:
        return Q(**{own_id: user.enterprise_id})
    if user.role == Role.DEPARTMENT:
        # The kept table of a department's enterprises (pools/reach.py): one index range, where
        # deriving it from the entries, their projects and the pools' departments took seconds.
        return Q(**{f"{own_id}__in": enterprises_of(user.department_id)})
    return NOTHING


class EnterpriseScopedQuerySet(ScopedQuerySet):
    """Rows of one enterprise, seen by whoever enterprise_scope() lets see the enterprise."""

    def scope(self, user) -> Q:
        return enterprise_scope(user)
