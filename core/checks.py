"""Start-up checks of the audit settings (core/audit.py)."""

from django.conf import settings
from django.core import checks

MINIMUM_RETENTION_DAYS = 180  # 等保: audit records kept at least six months


@checks.register(checks.Tags.security)
def audit_retention(app_configs, **kwargs):
    if getattr(settings, "AUDIT_RETENTION_DAYS", MINIMUM_RETENTION_DAYS) < MINIMUM_RETENTION_DAYS:
        return [
            checks.Error(
                f"AUDIT_RETENTION_DAYS must be at least {MINIMUM_RETENTION_DAYS}.",
                hint="The audit trail is kept online for at least six months.",
                id="core.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def audit_key(app_configs, **kwargs):
    if not getattr(settings, "AUDIT_HMAC_KEY", ""):
        return [
            checks.Warning(
                "AUDIT_HMAC_KEY is not set: the audit chain is keyed from SECRET_KEY.",
                hint="Set AUDIT_HMAC_KEY so that rotating SECRET_KEY leaves the trail verifiable.",
                id="core.W001",
            )
        ]
    return []
