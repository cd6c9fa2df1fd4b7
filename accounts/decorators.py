from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def role_required(*roles):
    """A page for some roles only: others get 403 with a reason (superusers count as admin)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if user.role in roles or (user.is_superuser and "admin" in roles):
                return view(request, *args, **kwargs)
            raise PermissionDenied(_("当前角色无权访问此页面。"))

        return wrapped

    return decorator
