"""When towns may submit nominations (申报窗口)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models_base import moment_field, year_field
from programs.fields import pool_field, programme_field


class NominationWindow(TimeStampedModel):
    """When towns may submit (每年年初): per programme year, for one pool or all pools."""

    programme = programme_field(_("方案"), on_delete=models.CASCADE, related_name="windows")
    year = year_field()
    pool = pool_field(
        _("培育库"),
        on_delete=models.CASCADE,
        related_name=None,
        optional=True,
        help_text=_("留空表示全部培育库"),
    )
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    closed_at = moment_field(_("提前关闭时间"))

    class Meta:
        verbose_name = verbose_name_plural = _("申报窗口")
        ordering = ["-year", "opens_on"]
        indexes = [models.Index(fields=["programme", "year"], name="window_programme_year_idx")]
        constraints = [
            models.CheckConstraint(
                name="window_dates_ordered", condition=Q(closes_on__gte=models.F("opens_on"))
            ),
        ]

    def clean(self):
        # Beside the field (full_clean then skips the constraint on it, so the sentence is said once).
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("截止日期不能早于开始日期。")})

    def __str__(self):
        scope = self.pool.name if self.pool_id else _("全部培育库")
        return f"{self.year} {scope} {self.opens_on:%Y-%m-%d}—{self.closes_on:%Y-%m-%d}"

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.closed_at is None and self.opens_on <= today <= self.closes_on
