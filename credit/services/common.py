"""Shared by the modules of this package."""

from django.urls import reverse

from accounts.models import Role, User

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
