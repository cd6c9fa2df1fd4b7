"""Health endpoints (django-health-check 4.x): is each part of the running stack up?

    /health/       database, cache, broker (Redis) and a Celery worker: for monitoring
    /health/web/   database and cache only: for the load balancer and the web container's own health check,
                   so a stopped worker never takes the web pages out of service

Both answer 200 when every check passes and 500 when one fails (what django-health-check's own
`health_check` command and most probes expect), as JSON, or as plain text with `?format=text` or
`Accept: text/plain`. They need no sign-in, but say only `{"status": "ok"}` / `{"status": "error"}` to
anyone; the result of each check (which part failed, and the client library's words for why) is added for
staff (`is_staff`: the system administrators) and for requests made on this host without a proxy in
between (loopback address, no X-Forwarded-For: the container's own health check, an operator's curl).
"""

import asyncio
import datetime
import ipaddress

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from health_check.checks import Cache, Database
from health_check.contrib.celery import Ping
from health_check.contrib.redis import Redis
from health_check.views import HealthCheckView

OK = "OK"


def _broker_client():
    from redis.asyncio import Redis as AsyncRedis

    return AsyncRedis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=3, socket_timeout=3)


def _celery_app():
    from config import celery_app

    return celery_app


CHECKS = {
    "database": lambda: Database(),
    "cache": lambda: Cache(),
    "broker": lambda: Redis(client_factory=_broker_client),
    # one worker consuming the default queue is enough; the answer comes as soon as it replies
    "worker": lambda: Ping(app=_celery_app(), timeout=datetime.timedelta(seconds=2), limit=1),
}


def may_see_details(request, user) -> bool:
    if user.is_authenticated and user.is_active and user.is_staff:
        return True
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


class PortalHealthView(HealthCheckView):
    """The library's checks under stable names, and its result page reduced to what the caller may see."""

    names: tuple[str, ...] = tuple(CHECKS)

    def get_checks(self):
        for name in self.names:
            yield CHECKS[name]()

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        healthy = not any(result.error for result in results)
        body = {"status": "ok" if healthy else "error"}
        if may_see_details(request, await request.auser()):
            body["checks"] = {
                name: OK if result.error is None else str(result.error)
                for name, result in zip(self.names, results, strict=True)
            }
        status = 200 if healthy else 500
        if request.GET.get("format") == "text" or request.headers.get("accept", "").startswith("text/plain"):
            lines = [f"status: {body['status']}"] + [
                f"{name}: {text}" for name, text in body.get("checks", {}).items()
            ]
            return HttpResponse(
                "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8", status=status
            )
        return JsonResponse(body, status=status)


stack = PortalHealthView.as_view(names=("database", "cache", "broker", "worker"))
web = PortalHealthView.as_view(names=("database", "cache"))
