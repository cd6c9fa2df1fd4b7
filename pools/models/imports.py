"""A town's bulk upload of nominations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import get_private_storage
from programs.models import Pool, Town


class NominationImport(TimeStampedModel):
    """A town's bulk upload of nominations, validated as a whole in a background task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("校验中")
        SUCCEEDED = "succeeded", _("已导入")
        FAILED = "failed", _("未导入")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    town = models.ForeignKey(Town, on_delete=models.PROTECT, related_name="+")
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    file = models.FileField(storage=get_private_storage, upload_to="imports/%Y/%m/", max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.year} {self.pool_id} {self.get_status_display()}"

    @property
    def progress(self) -> int:
        return int(self.processed_rows * 100 / self.total_rows) if self.total_rows else 0
