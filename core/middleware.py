import re
from urllib.parse import unquote

from django.conf import settings
from django.utils.cache import add_never_cache_headers
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin

from . import audit, request_context
from .models import AuditAction
from .web import API_PREFIX


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_context.set_current(
            request_context.RequestContext(
                ip=request_context.client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
                user=getattr(request, "user", None),
            )
        )
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)


# --- access that changes nothing but must still leave a row ------------------------------------------

_FILENAME = re.compile(r"""filename\*=(?:UTF-8|utf-8)''(?P<ext>[^;]+)|filename="?(?P<plain>[^";]+)"?""")


def _attachment_name(disposition: str) -> str:
    """The file name of a `Content-Disposition: attachment` header (RFC 6266 `filename*` first)."""
    found = [m for m in _FILENAME.finditer(disposition)]
    for match in found:
        if match.group("ext"):
            return unquote(match.group("ext").strip())
    return found[0].group("plain").strip() if found else ""


def _is_api_list(view_func, method: str) -> bool:
    """A DRF list endpoint: a viewset routed to `list` for this method, or a plain list view."""
    if method != "GET":
        return False
    actions = getattr(view_func, "actions", None)
    if actions is not None:
        return actions.get("get") == "list"
    view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
    return (
        isinstance(view_class, type)
        and issubclass(view_class, ListModelMixin)
        and not issubclass(view_class, RetrieveModelMixin)
    )


class AuditAccessMiddleware:
    """Audits what a service never sees (等保 access audit), only on the responses concerned, so a
    normal page costs no extra query:

    - DENIED: 403 or 404 from a view to a signed-in user (an object outside their scope answers 404),
      and 401 or 403 on the API for anyone; the path is kept.
    - DOWNLOAD: any response with `Content-Disposition: attachment` (evidence, appeal files,
      templates, and exports whose view wrote no EXPORT row); the path and file name are kept.
    - READ: a successful GET of an API list endpoint (detected from the resolved DRF view); the
      path with its query string and the number of matching rows are kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        action, event, params, after = self._classify(request, response)
        if action:
            # DRF authenticates inside the view and sets the user on the Django request too.
            actor = getattr(request, "user", None)
            audit.record(actor=actor, action=action, event=event, params=params, after=after)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.audit_api_list = _is_api_list(view_func, request.method)

    def _classify(self, request, response):
        status = response.status_code
        path = request.get_full_path()
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        is_api = request.path.startswith(API_PREFIX)
        # A 404 counts only where a view answered it (an object outside the user's scope); an address
        # no view serves (a browser's /favicon.ico, a static file) is no access to anything.
        routed = getattr(request, "resolver_match", None) is not None
        if (status in (403, 404) and signed_in and routed) or (is_api and status in (401, 403)):
            params = {"status": status, "method": request.method, "path": path}
            return AuditAction.DENIED, "access.denied", params, None
        # An export already has its own row (what was exported); the download is not recorded twice.
        exported = AuditAction.EXPORT in request_context.current().recorded
        if status == 200 and "attachment" in response.get("Content-Disposition", "") and not exported:
            name = _attachment_name(response["Content-Disposition"])
            params = {"method": request.method, "path": path, "file": name}
            return AuditAction.DOWNLOAD, "access.download", params, {"file": name}
        if status == 200 and getattr(request, "audit_api_list", False):
            data = getattr(response, "data", None)
            count = (
                data.get("count")
                if isinstance(data, dict)
                else (len(data) if isinstance(data, list) else None)
            )
            return AuditAction.READ, "access.read", {"path": path, "count": count}, {"count": count}
        return None, "", None, None


class PrivateResponseMiddleware:
    """Nothing private stays in a browser's or a proxy's cache: every response to a signed-in user (a
    session, or an API token in the Authorization header) and every attachment (exports, evidence) is
    `Cache-Control: no-store`. Every response carries the Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        private = (
            (user is not None and user.is_authenticated)
            or "HTTP_AUTHORIZATION" in request.META
            or "attachment" in response.get("Content-Disposition", "")
        )
        if private:
            add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
