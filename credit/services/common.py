"""Shared by the modules of this package."""

from django.urls import reverse

from accounts.models import Role, User
from core import audit

RECORD_AUDITED = [
    "enterprise",
    "kind",
    "source_department",
    "severity",
    "title",
    "occurred_on",
    "document_ref",
    "effective_until",
    "status",
    "withdrawn_reason",
]


def _enterprise_users(enterprise_id: int) -> list:
    return list(User.objects.filter(role=Role.ENTERPRISE, is_active=True, enterprise_id=enterprise_id))


def _department_users(department_id: int) -> list:
    return list(User.objects.filter(role=Role.DEPARTMENT, is_active=True, department_id=department_id))


def _record_url(record) -> str:
    return reverse("credit:record_detail", args=[record.pk])


def _record_move(*, actor, record, event: str, params: dict | None = None, **changes) -> None:
    """A record's status (and what goes with it) changed, saved and written to the audit trail with
    the record's audited fields before and after."""
    before = audit.snapshot(record, RECORD_AUDITED)
    for field, value in changes.items():
        setattr(record, field, value)
    record.save(update_fields=[*changes, "updated_at"])
    audit.record_saved(
        actor=actor,
        action=audit.AuditAction.TRANSITION,
        instance=record,
        before=before,
        fields=RECORD_AUDITED,
        event=event,
        params=params,
    )
