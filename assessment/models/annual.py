"""The annual summary (年度总结, 第25条 一年一总结), compiled from the year's published dispatch reports,
quarterly reviews, published assessment runs and supervision cases.

As the monthly dispatch report: generated as a draft (its figures a snapshot taken then), the narrative
edited by the office, published with a 发文字号 from the same per-year counter; a published summary
never changes (services refuse; its files are stored with their SHA-256)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models_base import event_index, event_owner, year_field
from programs.fields import programme_field

from .dispatch import DocumentEvent, PublishedDocument, published_complete, published_file


def annual_file_path(instance, filename):
    return f"annual/{instance.year}/{instance.pk}/{filename}"


class AnnualSummary(PublishedDocument):
    """One year's summary of a programme (one per year)."""

    programme = programme_field(_("方案"))
    year = year_field()
    docx_file = published_file(_("总结文件"), annual_file_path)
    docx_sha256 = models.CharField(_("总结文件校验值"), max_length=64, blank=True)
    xlsx_file = published_file(_("附件"), annual_file_path)

    class Meta:
        verbose_name = verbose_name_plural = _("年度总结")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="annual_one_per_year"),
            published_complete("annual_published_complete"),
        ]


class AnnualEvent(DocumentEvent):
    """The summary's history: generation, regeneration, edits, publication."""

    summary = event_owner(AnnualSummary)

    class Meta(DocumentEvent.Meta):
        indexes = [event_index("summary", "annual_event_idx")]

    def __str__(self):
        return f"{self.summary_id} {self.action}"
