from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TOWN = "town", _("街镇")
    DEPARTMENT = "department", _("部门")
    OFFICE = "office", _("领导小组办公室")
    ENTERPRISE = "enterprise", _("企业")
    ADMIN = "admin", _("系统管理员")


class User(AbstractUser):
    """A person's own account: one role, and the unit (town, department or enterprise) it acts for."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, db_index=True)
    town = models.ForeignKey(
        "programs.Town",
        verbose_name=_("街镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    department = models.ForeignKey(
        "programs.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    # The session this account last signed in with: an older session is ended, so an account
    # cannot be used by two people at once.
    current_session_key = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="user_role_matches_unit",
                condition=(
                    Q(role=Role.TOWN, town__isnull=False, department__isnull=True, enterprise__isnull=True)
                    | Q(
                        role=Role.DEPARTMENT,
                        town__isnull=True,
                        department__isnull=False,
                        enterprise__isnull=True,
                    )
                    | Q(
                        role=Role.ENTERPRISE,
                        town__isnull=True,
                        department__isnull=True,
                        enterprise__isnull=False,
                    )
                    | Q(
                        role__in=[Role.OFFICE, Role.ADMIN],
                        town__isnull=True,
                        department__isnull=True,
                        enterprise__isnull=True,
                    )
                    | Q(role="", is_superuser=True)
                ),
            )
        ]

    def __str__(self):
        full = self.get_full_name()
        return f"{full}（{self.username}）" if full else self.username

    def get_full_name(self):
        # Chinese names: family name first, no space.
        return f"{self.last_name}{self.first_name}".strip()

    @property
    def unit(self):
        return self.town or self.department or self.enterprise

    @property
    def unit_name(self) -> str:
        if self.role == Role.OFFICE:
            return str(_("领导小组办公室"))
        if self.role == Role.ADMIN:
            return str(_("系统管理员"))
        unit = self.unit
        return unit.name if unit else ""

    def can_read_audit_trail(self) -> bool:
        """Asked by core's AuditLog.visible_to (core cannot import accounts)."""
        from .permissions import can_view_audit_log

        return bool(can_view_audit_log(self))
