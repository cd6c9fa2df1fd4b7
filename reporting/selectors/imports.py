"""Official statistics imports and the columns a department may import."""

from django.db.models import QuerySet

from ..figures import (
    FIGURE_CODES,
)
from ..models import (
    FigureGrant,
    FigureImport,
)

# --- imports ---------------------------------------------------------------------------------------


def grants_of(department_code) -> QuerySet[FigureGrant]:
    """The columns a department imports (`department_code` may be an OuterRef, for a subquery)."""
    return FigureGrant.objects.filter(department_code=department_code)


def granted_columns(user) -> list[str]:
    if not (user.is_authenticated and user.department_id):
        return []
    order = {code: i for i, code in enumerate(FIGURE_CODES)}
    codes = grants_of(user.department.code).values_list("metric", flat=True)
    return sorted(set(codes), key=lambda c: order.get(c, 99))


def imports_for(user) -> QuerySet[FigureImport]:
    return FigureImport.objects.visible_to(user).select_related("department", "actor")
