from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models_base import AppendOnlyModel, actor_field, moment_field, note_field, relation

from . import audit_messages


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class WorkflowEvent(models.Model):
    """One move (or note) in an object's history, written by core.workflow with its audit row.

    A concrete event adds the foreign key to its object and gives `action`, `from_state` and
    `to_state` their choices (the field names and sizes stay these, so the engine can write any of them).
    """

    actor = actor_field(null=True)
    action = models.CharField(_("动作"), max_length=10)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    comment = note_field(_("意见"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    IMPORT = "import", _("导入")
    EXPORT = "export", _("导出")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")
    TRANSITION = "transition", _("状态变更")
    DENIED = "denied", _("拒绝访问")
    DOWNLOAD = "download", _("下载")
    READ = "read", _("批量读取")
    PASSWORD_RESET = "password_reset", _("重置密码")
    UNLOCK = "unlock", _("解除锁定")


APPEND_ONLY = "The audit trail is append-only: rows are never changed or deleted."
CHAINED = "Audit rows are chained one by one: write them with core.audit.record()."


class AuditLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        # core is the bottom layer: the rule lives with the user model (accounts), asked through it.
        allowed = getattr(user, "can_read_audit_trail", None)
        return self if user.is_authenticated and allowed is not None and allowed() else self.none()

    def update(self, **kwargs):
        raise TypeError(APPEND_ONLY)

    def delete(self):
        raise TypeError(APPEND_ONLY)

    def create(self, **kwargs):
        raise TypeError(CHAINED)

    def bulk_create(self, *args, **kwargs):
        raise TypeError(CHAINED)


class AuditLog(AppendOnlyModel):
    """One row per write or sensitive read: who, when, from where, what, before and after.

    Append-only (the ORM refuses changes here, database triggers refuse them underneath) and
    chained: `row_hash` seals the row's content together with `prev_hash`, the previous row's seal.
    Rows are written only by core.audit.record(), which computes the chain."""

    append_only = APPEND_ONLY

    # Set by record() before the seal is computed (not auto_now_add, which would overwrite it on save).
    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    # PROTECT: an account or type that has audit rows is deactivated, never deleted (the trail keeps it).
    actor = actor_field(_("操作人"), null=True, blank=True)
    actor_username = models.CharField(_("操作账号"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)
    action = models.CharField(_("操作"), max_length=32, choices=AuditAction.choices)
    content_type = relation(ContentType, _("对象类型"), related_name=None, optional=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=300, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    prev_hash = models.CharField(_("上一条校验值"), max_length=64, editable=False)
    row_hash = models.CharField(_("校验值"), max_length=64, editable=False)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("审计日志")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_idx"),
            models.Index(fields=["action", "-created_at"], name="audit_action_idx"),
        ]
        constraints = [
            # A linear chain: no two rows may follow the same row (a fork is refused, not just detected).
            models.UniqueConstraint(fields=["prev_hash"], name="audit_chain_linear"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_repr}"

    @property
    def sentence(self) -> str:
        """What the row says, as a sentence in the active language (core.audit_messages)."""
        from .audit_messages import log_sentence

        return log_sentence(self)

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(recipient=user) if user.is_authenticated else self.none()

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice (站内消息) to one user; email follows when the user has an address."""

    recipient = relation(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(_("内容"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = moment_field(_("已读时间"))

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.message


# The audit trail's own export names its filters (core.audit_messages.register_filter).
audit_messages.register_filter(
    "action", choices=AuditAction.choices, exports=("audit_log_csv", "audit_log_xlsx")
)
audit_messages.register_filter("content_type", model=ContentType, name=lambda ct: ct.name, translated=True)
