from django.conf import settings
from django.utils.cache import add_never_cache_headers

from . import request_context


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_context.set_current(
            request_context.RequestContext(
                ip=request_context.client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            )
        )
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)


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
