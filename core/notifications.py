"""One messenger: an event becomes in-app notifications for its recipients, and email after commit."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Notification


def notify(*, recipients, message: str, url: str = "") -> list[Notification]:
    return notify_many([(recipients, message, url)])


def notify_many(notices) -> list[Notification]:
    """Notifications of many events, `(recipients, message, url)` each, in one insert; the e-mail of
    each leaves after commit."""
    notices = [(list(recipients), message, url) for recipients, message, url in notices]
    rows = [
        Notification(recipient=user, message=message[:300], url=url)
        for recipients, message, url in notices
        for user in recipients
    ]
    created = Notification.objects.bulk_create(rows) if rows else []
    if settings.EMAIL_BACKEND != "django.core.mail.backends.dummy.EmailBackend":
        from .tasks import send_email

        for recipients, message, url in notices:
            emails = [user.email for user in recipients if user.email]
            if emails:
                transaction.on_commit(partial(send_email.delay, emails, str(message), url))
    return created


def notifications_mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.visible_to(user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
