from django.db.models import QuerySet

from .models import AuditLog


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
    qs = AuditLog.objects.visible_to(user).select_related("content_type")
    if actor:
        qs = qs.filter(actor_username__icontains=actor)
    if action:
        qs = qs.filter(action=action)
    if content_type:
        qs = qs.filter(content_type=content_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs
