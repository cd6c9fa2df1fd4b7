"""Enterprise accounts: invitations by one-time link, accepted by setting a password."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.bounds import is_phone, phone_message
from core.exceptions import Conflict
from core.permissions import require

from .. import permissions
from ..models import (
    EnterpriseInvitation,
)

# --- enterprise accounts ---------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_invitation(user, actor) -> str:
    token = secrets.token_urlsafe(32)
    EnterpriseInvitation.objects.update_or_create(
        user=user,
        defaults={
            "token_hash": _token_hash(token),
            "created_by": actor,
            "accepted_at": None,
            "expires_at": timezone.now() + timedelta(days=settings.PORTAL_INVITATION_DAYS),
        },
    )
    return token


@transaction.atomic
def enterprise_user_invite(
    *, actor, enterprise, username: str, full_name: str, phone: str, email: str = ""
) -> tuple[User, str]:
    """A town official opens an account for an enterprise of its town. The account stays inactive until
    the person sets a password through the one-time link (valid PORTAL_INVITATION_DAYS days); returns (user, token)."""
    require(permissions.can_invite_enterprise_user(actor, enterprise))
    full_name = (full_name or "").strip()
    errors = {}
    if not full_name:
        errors["full_name"] = [_("请填写姓名。")]
    if not (phone or "").strip():
        errors["phone"] = [_("请填写手机号码。")]
    elif not is_phone(phone):
        errors["phone"] = [phone_message()]
    if errors:
        raise ValidationError(errors)
    user = User(
        username=(username or "").strip(),
        role=Role.ENTERPRISE,
        enterprise=enterprise,
        is_active=False,
        last_name=full_name[:1],
        first_name=full_name[1:],
        phone=phone.strip(),
        email=(email or "").strip(),
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    token = _new_invitation(user, actor)
    audit.record_saved(actor=actor, instance=user, before=None, event="account.invited")
    return user, token


@transaction.atomic
def enterprise_user_reinvite(*, actor, user: User) -> str:
    """A new link for an account that has not set its password yet (the old link stops working)."""
    require(permissions.can_invite_enterprise_user(actor, user.enterprise))
    invitation = EnterpriseInvitation.objects.select_for_update().filter(user=user).first()
    if invitation is None or invitation.accepted_at is not None or user.is_active:
        raise Conflict(_("该账号已启用，无需重新邀请。"))
    token = _new_invitation(user, actor)
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=user,
        event="account.reinvited",
    )
    return token


def invitation_for(token: str) -> EnterpriseInvitation | None:
    invitation = (
        EnterpriseInvitation.objects.select_related("user", "user__enterprise")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at < timezone.now()
        or invitation.user.is_active
    ):  # an account in use never gets its password set through a link
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    invitation = invitation_for(token)
    if invitation is None:
        raise Conflict(_("邀请链接无效或已过期，请联系所在街镇重新发送。"))
    # Re-read under the lock by the token itself: a link re-issued (or used) meanwhile no longer works.
    invitation = (
        EnterpriseInvitation.objects.select_for_update()
        .select_related("user")
        .filter(pk=invitation.pk, token_hash=_token_hash(token or ""))
        .first()
    )
    if invitation is None or invitation.expires_at < timezone.now():
        raise Conflict(_("邀请链接无效或已过期，请联系所在街镇重新发送。"))
    if invitation.accepted_at is not None:
        raise Conflict(_("邀请链接已使用。"))
    user = invitation.user
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(
        actor=user, action=audit.AuditAction.UPDATE, instance=user, event="account.invitation_accepted"
    )
    return user
