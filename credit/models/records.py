"""Credit records kept by their source departments."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.models import TimeStampedModel
from core.models_base import actor_field, moment_field, note_field, relation
from enterprises.fields import enterprise_field
from programs.fields import department_field

from ..scoring import SEVERITIES
from .common import Severity, reads_all_records
from .kinds import RecordKind

# --- records ---------------------------------------------------------------------------------------


class RecordStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    DISPUTED = "disputed", _("异议中")
    WITHDRAWN = "withdrawn", _("已撤销")


class CreditRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides which credit records a user may see.

        Office and 区金融办: all. A department: the kinds it is a source of. An enterprise: its own.
        Towns see ratings, not the records behind them (see selectors.explanation_for)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if reads_all_records(user):
            return self
        if user.role == Role.DEPARTMENT:
            return self.filter(
                kind_id__in=RecordKind.objects.filter(departments=user.department_id).values("pk")
            )
        if user.role == Role.ENTERPRISE:
            return self.filter(enterprise_id=user.enterprise_id)
        return self.none()


class CreditRecord(TimeStampedModel):
    # Single-column FK indexes are left out where a composite index below starts with the column.
    enterprise = enterprise_field(_("企业"), related_name="credit_records", db_index=False)
    kind = relation(RecordKind, _("记录类别"), related_name="records", db_index=False)
    source_department = department_field(_("来源部门"), related_name="credit_records", db_index=False)
    severity = models.CharField(_("程度"), max_length=10, choices=Severity.choices)
    title = models.CharField(_("事由"), max_length=200)
    description = note_field(_("详细说明"))
    occurred_on = models.DateField(_("发生日期"))
    document_ref = models.CharField(
        _("文书编号"), max_length=100, blank=True, help_text=_("判决书、处罚决定书等的文号")
    )
    effective_until = models.DateField(
        _("有效期至"),
        null=True,
        blank=True,
        help_text=_("信用修复：此日之后不再计入评级。不良类留空则按评分模型的修复期计算。"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )
    withdrawn_at = moment_field(_("撤销时间"))
    withdrawn_reason = models.CharField(_("撤销原因"), max_length=500, blank=True)
    created_by = actor_field(_("录入人"), null=True, db_index=False)

    objects = CreditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("信用记录")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "kind"], name="credit_record_enterprise_idx"),
            models.Index(fields=["-occurred_on", "-id"], name="credit_record_recent_idx"),
            models.Index(fields=["kind", "-occurred_on"], name="credit_record_kind_date_idx"),
            models.Index(fields=["source_department", "-created_at"], name="credit_record_source_idx"),
            models.Index(fields=["status"], name="credit_record_status_idx"),
            models.Index(fields=["severity", "-occurred_on"], name="credit_record_severity_idx"),
            models.Index(fields=["effective_until"], name="credit_record_until_idx"),
        ]
        constraints = [
            # The same document cannot be recorded twice for one enterprise (a withdrawn one may be re-entered).
            models.UniqueConstraint(
                fields=["enterprise", "kind", "document_ref"],
                condition=~Q(document_ref="") & ~Q(status="withdrawn"),
                name="credit_record_document_once",
                violation_error_message=_("该企业已有同一文书编号的同类记录。"),
            ),
            models.CheckConstraint(
                name="credit_record_effect_after_event",
                condition=Q(effective_until__isnull=True) | Q(effective_until__gte=models.F("occurred_on")),
                violation_error_message=_("有效期不能早于发生日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.kind} · {self.title}"

    def clean(self):
        errors = {}
        if self.kind_id and self.severity and self.severity not in SEVERITIES[self.kind.category]:
            errors["severity"] = _("“%(kind)s”的程度须为：%(list)s。") % {
                "kind": self.kind.name,
                "list": "、".join(label for _c, label in self.kind.severities),
            }
        if self.occurred_on and self.occurred_on > timezone.localdate():
            errors["occurred_on"] = _("发生日期不能晚于今天。")
        if self.occurred_on and self.effective_until and self.effective_until < self.occurred_on:
            errors["effective_until"] = _("有效期不能早于发生日期。")
        self.title = (self.title or "").strip()
        self.document_ref = (self.document_ref or "").strip()
        if not self.title:
            errors["title"] = _("请填写事由。")
        if errors:
            raise ValidationError(errors)

    @property
    def is_withdrawn(self) -> bool:
        return self.status == RecordStatus.WITHDRAWN

    def is_in_effect(self, on=None) -> bool:
        on = on or timezone.localdate()
        return (
            not self.is_withdrawn
            and self.occurred_on <= on
            and (self.effective_until is None or on <= self.effective_until)
        )
