"""Objections (信用异议) to a record."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core import audit_messages
from core.models_base import actor_field, decision_fields, relation
from core.storage import get_private_storage
from enterprises.fields import enterprise_field

from .common import reads_all_records
from .records import CreditRecord

# --- objections (信用异议) -----------------------------------------------------------------------


class AppealState(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("维持记录")
    WITHDRAWN = "withdrawn", _("撤销记录")


audit_messages.register_labels("decision", AppealState.choices)  # the audit trail names it


class AppealQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Objections: the office and 区金融办 all; a department those to the records it is the source
        of (it decides them); the enterprise its own. Any other role: none."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if reads_all_records(user):
            return self
        if user.role == Role.DEPARTMENT:
            return self.filter(record__source_department_id=user.department_id)
        if user.role == Role.ENTERPRISE:
            return self.filter(enterprise_id=user.enterprise_id)
        return self.none()


def appeal_evidence_path(instance, filename):
    import uuid
    from pathlib import Path

    return f"credit/appeals/{instance.record_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Appeal(models.Model):
    """An enterprise's objection to a record, decided by the record's source department."""

    record = relation(CreditRecord, _("信用记录"), related_name="appeals")
    enterprise = enterprise_field(_("企业"), related_name="credit_appeals")
    explanation = models.TextField(_("异议理由"))
    evidence = models.FileField(
        _("证明材料"), storage=get_private_storage, upload_to=appeal_evidence_path, max_length=200, blank=True
    )
    evidence_name = models.CharField(_("材料文件名"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=AppealState.choices, default=AppealState.PENDING
    )
    submitted_by = actor_field(_("提出人"))
    submitted_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_by, decided_at, decision_note = decision_fields(_("处理人"), _("处理时间"), _("处理意见"))

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("信用异议")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="credit_appeal_queue_idx"),
            models.Index(fields=["enterprise", "-submitted_at"], name="credit_appeal_enterprise_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["record"],
                condition=Q(state="pending"),
                name="credit_appeal_one_pending_per_record",
                violation_error_message=_("该记录已有待处理的异议。"),
            ),
        ]

    def __str__(self):
        return f"{self.record} · {self.get_state_display()}"
