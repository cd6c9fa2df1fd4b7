"""Who is acting and from where, for the audit trail.

Services never take `request`; the middleware puts the client address here for the duration of
a request so `audit.record` can store "from where" without threading it through every call.
"""

from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    user_agent: str = ""
    # The request's user (lazy), for audit rows written by signals that are not told who acted.
    user: object = None
    # Actions of the audit rows written so far in this request (the access middleware reads it).
    recorded: list = field(default_factory=list, compare=False)


_NONE = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("portal_request_context", default=None)


def current() -> RequestContext:
    return _current.get() or _NONE


def note_recorded(action: str) -> None:
    """Remember an audit action written during the current request (nothing outside a request)."""
    ctx = _current.get()
    if ctx is not None:
        ctx.recorded.append(action)


def set_current(ctx: RequestContext):
    return _current.set(ctx)


def reset(token) -> None:
    _current.reset(token)


def client_ip(request) -> str | None:
    # Behind the intranet reverse proxy the first X-Forwarded-For hop is the client; trust it only
    # when the deployment says a proxy is there (AXES_PROXY_COUNT > 0).
    from django.conf import settings

    if getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")
