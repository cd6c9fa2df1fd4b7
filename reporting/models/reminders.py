"""催报: an official's reminder to an enterprise whose monthly reports are late."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models_base import actor_field
from enterprises.fields import enterprise_field


class LateReminder(models.Model):
    """One reminder of one enterprise on one day (Beijing date): the unique constraint holds the rule
    "at most once a day per enterprise" even when two officials press 催报 at the same moment."""

    enterprise = enterprise_field(_("企业"), on_delete=models.CASCADE, related_name="late_reminders")
    day = models.DateField(_("催报日期"))
    sent_at = models.DateTimeField(_("催报时间"), auto_now_add=True)
    sent_by = actor_field(_("催报人"))
    periods = models.CharField(_("未报期别"), max_length=300, blank=True)
    recipients = models.PositiveSmallIntegerField(_("通知账号数"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("催报记录")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "day"], name="late_reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.day:%Y-%m-%d}"
