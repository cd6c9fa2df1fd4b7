from functools import reduce
from operator import or_

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models_base import relation


class Role(models.TextChoices):
    TOWN = "town", _("街镇")
    DEPARTMENT = "department", _("部门")
    OFFICE = "office", _("领导小组办公室")
    ENTERPRISE = "enterprise", _("企业")
    # A bank branch's staff (第21、22条): loans, guarantees, claims and docking of their own bank.
    BANK = "bank", _("银行")
    # 三员分立 (等保2.0 三级): accounts, security policy and the audit trail are three people's work.
    ADMIN = "admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# The three administrators: they run the system and read none of its business data.
ADMIN_ROLES = (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
# The accounts the system administrator manages; administrators are created by a superuser only.
BUSINESS_ROLES = (Role.TOWN, Role.DEPARTMENT, Role.OFFICE, Role.ENTERPRISE, Role.BANK)


# The unit each role acts for; the office and the administrators act for none.
UNIT_OF_ROLE = {
    Role.TOWN: "town",
    Role.DEPARTMENT: "department",
    Role.ENTERPRISE: "enterprise",
    Role.BANK: "bank",
}


def _unit_field(model: str, label) -> models.ForeignKey:
    return relation(model, label, optional=True, related_name="users")


def _only_unit(unit: str | None) -> dict:
    """Lookups that hold when the account has `unit` set and every other unit empty."""
    return {f"{name}__isnull": name != unit for name in UNIT_OF_ROLE.values()}


class User(AbstractUser):
    """A person's own account: one role, and the unit (town, department, enterprise or bank) it acts for."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, db_index=True)
    town = _unit_field("programs.Town", _("街镇"))
    department = _unit_field("programs.Department", _("部门"))
    enterprise = _unit_field("enterprises.Enterprise", _("企业"))
    bank = _unit_field("programs.Bank", _("银行"))
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    # The session this account last signed in with: an older session is ended, so an account
    # cannot be used by two people at once.
    current_session_key = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="user_role_matches_unit",
                condition=(
                    reduce(or_, [Q(role=role, **_only_unit(unit)) for role, unit in UNIT_OF_ROLE.items()])
                    | Q(role__in=[Role.OFFICE, *ADMIN_ROLES], **_only_unit(None))
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
        return self.town or self.department or self.enterprise or self.bank

    @property
    def unit_name(self) -> str:
        if self.role == Role.OFFICE or self.role in ADMIN_ROLES:
            return str(Role(self.role).label)
        unit = self.unit
        return unit.name if unit else ""

    def can_read_audit_trail(self) -> bool:
        """Asked by core's AuditLog.visible_to (core cannot import accounts)."""
        from .permissions import can_view_audit_log

        return bool(can_view_audit_log(self))


class PasswordHistory(models.Model):
    """An account's recent passwords, as hashes only: the newest row dates the current password (its
    age for expiry), the last PASSWORD_HISTORY_COUNT rows cannot be chosen again."""

    user = relation(User, _("用户"), on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("密码哈希"), max_length=128, editable=False)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="password_history_latest")]

    def __str__(self):
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d %H:%M}"
