from django.db import transaction

from .models import User


@transaction.atomic
def user_register_session(*, user: User, session_key: str) -> None:
    """Remember the session this account signed in with; older sessions end at their next request."""
    User.objects.filter(pk=user.pk).update(current_session_key=session_key or "")
    user.current_session_key = session_key or ""


ADMIN_PERMISSIONS = [
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_user",
    "core.view_auditlog",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accesslog",
]


def grant_admin_permissions(user: User) -> None:
    """The system administrator's Django-admin rights: accounts and lockouts, nothing of the policy."""
    from django.contrib.auth.models import Permission

    wanted = [p.split(".") for p in ADMIN_PERMISSIONS]
    perms = Permission.objects.filter(
        content_type__app_label__in={a for a, _ in wanted}, codename__in={c for _, c in wanted}
    )
    user.user_permissions.add(*perms)
