"""Tasks of the core app. Business tasks stay thin wrappers over services in each app's tasks.py."""

import logging
import threading

from celery import shared_task
from django.core.signals import request_finished, request_started
from django.db import transaction

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


# --- enqueue on commit; in eager mode, after the response -------------------------------------

_local = threading.local()
logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Send `task(*args)` once the transaction commits. With a worker that is `delay()`. In eager mode
    (the embedded default, no worker) a task enqueued during a request runs after the response has
    been sent (on request_finished), so the page returns first and its status page polls, as with a
    worker; outside a request (shell, tests' captured callbacks) it runs at once."""
    transaction.on_commit(lambda: _enqueue(task, args))


def _enqueue(task, args) -> None:
    if task.app.conf.task_always_eager and getattr(_local, "in_request", False):
        _local.after_response.append((task, args))
    else:
        task.delay(*args)


def _request_started(**kwargs) -> None:
    _local.in_request, _local.after_response = True, []


def _request_finished(**kwargs) -> None:
    pending = getattr(_local, "after_response", [])
    _local.in_request, _local.after_response = False, []
    for task, args in pending:
        try:
            task.apply(args=args, throw=True)
        except Exception:  # the response has gone; the task's own record says what happened
            logger.exception("task %s%r failed after the response", task.name, args)


request_started.connect(_request_started, dispatch_uid="core.tasks.request_started")
request_finished.connect(_request_finished, dispatch_uid="core.tasks.request_finished")
