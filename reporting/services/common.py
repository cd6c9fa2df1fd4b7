"""Shared by the modules of this package."""

from core import audit

from ..workflow import REPORTS

AUDITED_FIELDS = REPORTS.audited_fields

FIGURE_KEY = ["enterprise", "year", "month", "metric", "source"]


def _audit_saved(*, actor, instance, before: dict | None) -> None:
    """The audit row of a row a service saved: an update of what was `before`, or (None) a creation."""
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE if before is None else audit.AuditAction.UPDATE,
        instance=instance,
        before=before,
        after=audit.snapshot(instance),
    )
