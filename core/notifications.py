"""One messenger: an event becomes in-app notifications for its recipients, and email after commit."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Notification


def notify(*, recipients, message: str, url: str = "") -> list[Notification]:
    rows = [Notification(recipient=user, message=message[:300], url=url) for user in recipients]
    created = Notification.objects.bulk_create(rows)
    emails = [user.email for user in recipients if user.email]
    if emails and settings.EMAIL_BACKEND != "django.core.mail.backends.dummy.EmailBackend":
        from .tasks import send_email

        transaction.on_commit(lambda: send_email.delay(emails, str(message), url))
    return created


def notifications_mark_read(*, user, ids=None) -> int:
    qs = Notification.objects.visible_to(user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
