"""Sign-in events go to the audit trail (the only signals here: they are not domain logic)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit


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
    audit.record(actor=anonymous, action=audit.AuditAction.LOGIN_FAILED, message=username)
