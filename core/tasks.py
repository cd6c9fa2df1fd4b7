"""Tasks of the core app. Business tasks stay thin wrappers over services in each app's tasks.py."""

from celery import shared_task

PONG = "pong"


@shared_task(name="core.ping", ignore_result=False, acks_late=False)
def ping() -> str:
    """Health check of the asynchronous path, end to end.

    A "pong" coming back means: the broker (Redis) accepted the message, a worker consuming that queue
    picked it up with this code base loaded, and the result backend carried the answer back. Anything
    else (a timeout) means one of those three is down. It touches neither the database nor any state,
    so it is safe to send at any time, e.g. from monitoring or after a deployment:

        from config import celery_app
        celery_app.send_task("core.ping").get(timeout=10)
    """
    return PONG


@shared_task(name="core.send_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(recipients: list[str], message: str, url: str = "") -> int:
    """Mail a notification; retried on connection errors. In-app notifications never depend on it."""
    from django.conf import settings
    from django.core.mail import send_mail

    body = f"{message}\n\n{url}" if url else message
    return send_mail(str(settings.PORTAL_NAME), body, None, recipients, fail_silently=False)
