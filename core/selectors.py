from typing import TypeVar

from django.db.models import QuerySet

from .models import AuditLog

_QS = TypeVar("_QS", bound=QuerySet)


def filter_given(qs: _QS, **lookups) -> _QS:
    """The list narrowed by each filter the user gave (a blank or None value is no filter). For
    single-valued lookups only (fields, forward foreign keys): one filter() is then the same as
    chaining them."""
    given = {lookup: value for lookup, value in lookups.items() if value}
    return qs.filter(**given) if given else qs


def audit_log_for(
    user,
    *,
    actor: str = "",
    action: str = "",
    content_type=None,
    object_id: str = "",
    date_from=None,
    date_to=None,
) -> QuerySet[AuditLog]:
    return filter_given(
        AuditLog.objects.visible_to(user).select_related("content_type"),
        actor_username__icontains=actor,
        action=action,
        content_type=content_type,
        object_id=object_id,
        created_at__date__gte=date_from,
        created_at__date__lte=date_to,
    )
