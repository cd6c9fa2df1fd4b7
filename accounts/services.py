from django.db import transaction

from .models import User


@transaction.atomic
def user_register_session(*, user: User, session_key: str) -> None:
    """Remember the session this account signed in with; older sessions end at their next request."""
    User.objects.filter(pk=user.pk).update(current_session_key=session_key or "")
    user.current_session_key = session_key or ""
