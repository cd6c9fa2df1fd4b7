"""One-time invitations of enterprise accounts (only the token's hash is kept)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models_base import actor_field, moment_field

# --- invitations -------------------------------------------------------------------------------------


class EnterpriseInvitation(models.Model):
    """A one-time link for a new enterprise account to set its own password (the account stays inactive
    until then). Only the token's SHA-256 is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enterprise_invitation"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = actor_field()
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    accepted_at = moment_field(_("启用时间"))

    class Meta:
        verbose_name = verbose_name_plural = _("企业账号邀请")

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
