"""A town's bulk upload of nominations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models_base import actor_field
from core.storage import get_private_storage
from programs.fields import pool_field, town_field


class NominationImport(TimeStampedModel):
    """A town's bulk upload of nominations, validated as a whole in a background task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("校验中")
        SUCCEEDED = "succeeded", _("已导入")
        FAILED = "failed", _("未导入")

    actor = actor_field()
    town = town_field()
    pool = pool_field()
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
