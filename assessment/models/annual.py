"""The annual summary (年度总结, 第25条 一年一总结), compiled from the year's published dispatch reports,
quarterly reviews, published assessment runs and supervision cases.

As the monthly dispatch report: generated as a draft (its figures a snapshot taken then), the narrative
edited by the office, published with a 发文字号 from the same per-year counter; a published summary
never changes (services refuse; its files are stored with their SHA-256)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, WorkflowEvent
from core.storage import get_private_storage

from .dispatch import DispatchReportQuerySet, DispatchState, OfficeOnlyQuerySet


def annual_file_path(instance, filename):
    return f"annual/{instance.year}/{instance.pk}/{filename}"


class AnnualSummary(TimeStampedModel):
    """One year's summary of a programme (one per year)."""

    programme = models.ForeignKey(
        "programs.Programme", verbose_name=_("方案"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(
        _("状态"), max_length=12, choices=DispatchState.choices, default=DispatchState.DRAFT
    )
    number_year = models.PositiveSmallIntegerField(_("发文年度"), null=True, blank=True)
    number = models.PositiveIntegerField(_("发文序号"), null=True, blank=True)
    doc_number = models.CharField(_("发文字号"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    snapshot = models.JSONField(_("数据快照"), default=dict)
    paragraphs = models.JSONField(_("正文段落"), default=dict)
    edited_sections = models.JSONField(_("已修改段落"), default=list, blank=True)
    letterhead = models.JSONField(_("版头版记"), default=dict, blank=True)
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("印发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    docx_file = models.FileField(
        _("总结文件"), storage=get_private_storage, upload_to=annual_file_path, max_length=200, blank=True
    )
    docx_sha256 = models.CharField(_("总结文件校验值"), max_length=64, blank=True)
    xlsx_file = models.FileField(
        _("附件"), storage=get_private_storage, upload_to=annual_file_path, max_length=200, blank=True
    )
    xlsx_sha256 = models.CharField(_("附件校验值"), max_length=64, blank=True)

    # the office sees drafts too; towns and departments the published ones; others none
    objects = DispatchReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度总结")
        verbose_name_plural = _("年度总结")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="annual_one_per_year"),
            models.CheckConstraint(
                name="annual_published_complete",
                condition=Q(state="draft")
                | Q(number__isnull=False, published_at__isnull=False, issued_on__isnull=False),
            ),
        ]

    def __str__(self):
        return self.doc_number or self.title

    @property
    def is_published(self) -> bool:
        return self.state == DispatchState.PUBLISHED


class AnnualEvent(WorkflowEvent):
    """The summary's history: generation, regeneration, edits, publication."""

    class Action(models.TextChoices):
        CREATE = "create", _("生成")
        REGENERATE = "regenerate", _("重新生成")
        EDIT = "edit", _("修改正文")
        PUBLISH = "publish", _("印发")

    summary = models.ForeignKey(AnnualSummary, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=10, choices=Action.choices)
    from_state = models.CharField(max_length=12, blank=True, choices=DispatchState.choices)
    to_state = models.CharField(max_length=12, blank=True, choices=DispatchState.choices)

    objects = OfficeOnlyQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        indexes = [models.Index(fields=["summary", "created_at"], name="annual_event_idx")]

    def __str__(self):
        return f"{self.summary_id} {self.action}"
