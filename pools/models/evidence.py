"""What backs a nomination's claims: the qualitative criteria checked and the files uploaded."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models_base import actor_field, moment_field, relation
from core.storage import get_private_storage
from programs.models import Criterion

from .nominations import Nomination


class CriterionCheck(models.Model):
    """A qualitative criterion on one nomination: the town's claim and the reviewer's decision."""

    class Review(models.TextChoices):
        PENDING = "", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REFUSED = "refused", _("不予确认")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="checks")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    claimed = models.BooleanField(_("申报符合"), default=False)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    review = models.CharField(_("审核"), max_length=10, choices=Review.choices, blank=True, default="")
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    reviewed_by = actor_field(null=True, blank=True)
    reviewed_at = moment_field()

    class Meta:
        verbose_name = verbose_name_plural = _("定性标准核查")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "criterion"], name="check_once_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.get_review_display()}"


def evidence_path(instance, filename):
    import uuid
    from pathlib import Path

    return f"evidence/{instance.nomination.year}/{instance.nomination_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Evidence(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    criterion = relation(Criterion, optional=True)
    file = models.FileField(_("文件"), storage=get_private_storage, upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = actor_field()
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("证明材料")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name
