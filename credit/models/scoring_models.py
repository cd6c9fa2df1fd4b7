"""The scoring model: versioned data owned by 区金融办, append-only once published."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models_base import actor_field, note_field

# --- the scoring model -----------------------------------------------------------------------------


class ScoringModelQuerySet(models.QuerySet):
    def visible_to(self, user):
        from ..permissions import can_view_scoring_model

        return self if can_view_scoring_model(user) else self.none()

    def active(self):
        return self.order_by("-version").first()


class ScoringModel(models.Model):
    """One published version of the scoring model. Never changed: a change is a new version."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    rules = models.JSONField(_("规则"))
    notes = note_field(_("说明"))
    source = models.CharField(_("来源"), max_length=200, blank=True, help_text=_("文件名，或“门户发布”"))
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = actor_field(_("发布人"), null=True, blank=True)

    objects = ScoringModelQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("评分模型")
        ordering = ["-version"]

    def __str__(self):
        return f"v{self.version} {self.name}"
