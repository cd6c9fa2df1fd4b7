"""Who is acting and from where, for the audit trail.

Services never take `request`; the middleware puts the client address here for the duration of
a request so `audit.record` can store "from where" without threading it through every call.
"""

import ipaddress
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


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address, for the audit trail and for the sign-in lockout alike.

    The client writes X-Forwarded-For as it likes; each trusted reverse proxy appends the address it
    received the request from. With N trusted proxies (PORTAL_TRUSTED_PROXY_COUNT) the client is the
    N-th hop from the right (the last proxy's own peer is REMOTE_ADDR). Anything that is not a
    valid address, or a header shorter than the proxies claim, falls back to REMOTE_ADDR."""
    from django.conf import settings

    remote = _valid_ip(request.META.get("REMOTE_ADDR"))
    proxies = getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return _valid_ip(hops[-proxies]) or remote
