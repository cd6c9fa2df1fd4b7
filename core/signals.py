"""Sign-in events go to the audit trail (the only signals here: they are not domain logic)."""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from . import audit, request_context


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record(actor=user, action=audit.AuditAction.LOGIN, instance=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(actor=user, action=audit.AuditAction.LOGOUT, instance=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")[:150]

    class _Anonymous:
        is_authenticated = False

    anonymous = _Anonymous()
    anonymous.username = username
    audit.record(
        actor=anonymous,
        action=audit.AuditAction.LOGIN_FAILED,
        event="account.login_failed",
        params={"username": username},
    )


@receiver(post_delete, sender=AccessAttempt)
def _lockout_cleared(sender, instance, **kwargs):
    """A lockout removed before it expired is an unlock (admin page, `axes_reset`, or any helper
    that resets attempts); the acting user is the request's, none on the command line. Attempts
    below the limit, or whose cool-off has passed, are axes' own housekeeping and leave no row."""
    if getattr(instance, "_portal_unlock_recorded", False):  # accounts.services.lockout_clear wrote it
        return
    limit = settings.AXES_FAILURE_LIMIT if isinstance(settings.AXES_FAILURE_LIMIT, int) else None
    if limit is None or instance.failures_since_start < limit:
        return
    cool_off = get_cool_off()
    if cool_off is not None and instance.attempt_time + cool_off <= timezone.now():
        return
    audit.record(
        actor=request_context.current().user,
        action=audit.AuditAction.UNLOCK,
        event="account.unlocked",
        params={"username": instance.username, "ip": instance.ip_address or ""},
    )
