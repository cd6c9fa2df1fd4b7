"""The audit trail: every service writes one row per change, inside the same transaction."""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from . import request_context
from .models import AuditAction, AuditLog


def _json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return sorted(_json_value(v) for v in value)
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """A JSON-safe dict of the instance's concrete and many-to-many fields (FKs as ids)."""
    data = {}
    opts = instance._meta
    for field in opts.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        data[field.name] = _json_value(getattr(instance, field.attname))
    if instance.pk:
        for field in opts.many_to_many:
            if fields is not None and field.name not in fields:
                continue
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data


def record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    message: str = "",
) -> AuditLog:
    ctx = request_context.current()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditLog.objects.create(
        actor=actor if authenticated else None,
        actor_username=getattr(actor, "username", "") or "",
        ip=ctx.ip,
        user_agent=ctx.user_agent,
        action=action,
        content_type=ContentType.objects.get_for_model(instance) if instance is not None else None,
        object_id=str(instance.pk) if instance is not None and instance.pk is not None else "",
        object_repr=str(instance)[:300] if instance is not None else "",
        before=before,
        after=after,
        message=message[:500],
    )


__all__ = ["AuditAction", "record", "snapshot"]
