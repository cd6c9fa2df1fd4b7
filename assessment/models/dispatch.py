"""The monthly dispatch report (调度通报, 第25条 一月一调度) and the office's settings for it.

A report is generated as a draft from the month's data (its figures a snapshot taken then), edited by
the office and published; a published report never changes (services refuse, and on PostgreSQL a
trigger refuses UPDATE and DELETE of a published row). A correction is a new numbered report that
names the one it corrects."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import between
from core.models import TimeStampedModel, WorkflowEvent
from core.models_base import (
    actor_field,
    event_fields,
    event_index,
    event_owner,
    moment_field,
    note_field,
    relation,
    state_field,
    year_field,
)
from core.storage import get_private_storage
from programs.fields import programme_field


def _role():
    from accounts.models import Role

    return Role


def _is_office(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == _role().OFFICE)


class OfficeOnlyQuerySet(models.QuerySet):
    """Settings, counters and the history of drafts: the leadership office's own."""

    def visible_to(self, user):
        return self if _is_office(user) else self.none()


class DispatchSettings(TimeStampedModel):
    """The office's letterhead and rhythm for the 调度通报 (one row; `DispatchSettings.current()`)."""

    issuer = models.CharField(_("发文机关"), max_length=60, default="罗庄区新旧动能转换工作领导小组办公室")
    issuer_mark = models.CharField(
        _("发文机关标志"), max_length=60, default="罗庄区新旧动能转换工作领导小组办公室文件"
    )
    prefix = models.CharField(_("发文字号前缀"), max_length=20, default="罗转升办")
    signatory = models.CharField(_("署名"), max_length=60, default="罗庄区新旧动能转换工作领导小组办公室")
    recipients = models.CharField(_("主送机关"), max_length=300, default="各街道、镇，区直有关部门")
    copies_to = models.CharField(_("抄送"), max_length=300, blank=True, default="区委办公室，区政府办公室")
    printer = models.CharField(_("印发机关"), max_length=60, default="罗庄区新旧动能转换工作领导小组办公室")
    dispatch_day = models.PositiveSmallIntegerField(
        _("每月生成日"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("每月该日生成上月调度通报草稿，1—28"),
    )
    dispatch_hour = models.PositiveSmallIntegerField(
        _("生成时刻"), default=6, validators=[MaxValueValidator(23)]
    )
    review_overdue_days = models.PositiveSmallIntegerField(
        _("审核超期天数"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("申报提交后超过该天数未审核的，列入通报"),
    )

    objects = OfficeOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("调度通报设置")
        constraints = [
            models.CheckConstraint(
                name="dispatch_day_1_28", condition=Q(dispatch_day__gte=1, dispatch_day__lte=28)
            )
        ]

    def __str__(self):
        return str(self.issuer)

    @classmethod
    def current(cls) -> "DispatchSettings":
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls.objects.create()


class DispatchState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已印发")


class DispatchReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office sees every report, drafts included; towns and departments the published ones
        (the 通报 is sent to each of them); enterprises and the administrators none."""
        Role = _role()
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.role == Role.OFFICE:
            return self
        if user.role in (Role.TOWN, Role.DEPARTMENT):
            return self.filter(state=DispatchState.PUBLISHED)
        return self.none()


def dispatch_file_path(instance, filename):
    return f"dispatch/{instance.year}/{instance.pk}/{filename}"


class PublishedDocument(TimeStampedModel):
    """What the office's published documents share (the monthly 调度通报 and the annual summary):
    generated as a draft from a snapshot of the figures, its paragraphs edited by the office, then
    numbered from the per-year counter (发文字号), the letterhead frozen and the files stored with their
    SHA-256. A concrete document adds its programme, period and the two files."""

    state = state_field(DispatchState.DRAFT)
    # 发文字号: given at publication from the per-year counter (罗转升办〔2019〕3号)
    number_year = models.PositiveSmallIntegerField(_("发文年度"), null=True, blank=True)
    number = models.PositiveIntegerField(_("发文序号"), null=True, blank=True)
    doc_number = models.CharField(_("发文字号"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    # every figure of the document, as computed at generation
    snapshot = models.JSONField(_("数据快照"), default=dict)
    # the sections' text: generated, then edited by the office
    paragraphs = models.JSONField(_("正文段落"), default=dict)
    # the sections the office has edited: a regeneration of the draft keeps their text
    edited_sections = models.JSONField(_("已修改段落"), default=list, blank=True)
    # the letterhead frozen at publication (issuer, signatory, recipients, copies…)
    letterhead = models.JSONField(_("版头版记"), default=dict, blank=True)
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = actor_field(null=True, blank=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_at = moment_field(_("印发时间"))
    published_by = actor_field(_("印发人"), null=True, blank=True)
    xlsx_sha256 = models.CharField(_("附件校验值"), max_length=64, blank=True)

    # the office sees drafts too; towns and departments the published ones; others none
    objects = DispatchReportQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.doc_number or self.title

    @property
    def is_published(self) -> bool:
        return self.state == DispatchState.PUBLISHED


def published_complete(name: str) -> models.CheckConstraint:
    """A published document has its number, its publication time and its 成文日期."""
    return models.CheckConstraint(
        name=name,
        condition=Q(state="draft")
        | Q(number__isnull=False, published_at__isnull=False, issued_on__isnull=False),
    )


def published_file(label, upload_to) -> models.FileField:
    """A published document's stored file (private storage)."""
    return models.FileField(
        label, storage=get_private_storage, upload_to=upload_to, max_length=200, blank=True
    )


class DispatchReport(PublishedDocument):
    """One month's 调度通报 of a programme."""

    programme = programme_field(_("方案"), related_name="dispatch_reports")
    year = year_field()
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    corrects = relation("self", _("更正的通报"), related_name="corrections", optional=True)
    correction_note = note_field(_("更正说明"))
    docx_file = published_file(_("通报文件"), dispatch_file_path)
    docx_sha256 = models.CharField(_("通报文件校验值"), max_length=64, blank=True)
    xlsx_file = published_file(_("附件"), dispatch_file_path)

    class Meta:
        verbose_name = verbose_name_plural = _("调度通报")
        ordering = ["-year", "-month", "-id"]
        indexes = [models.Index(fields=["programme", "year", "month"], name="dispatch_period_idx")]
        constraints = [
            between("month", 1, 12, "dispatch_month_1_12"),
            # one original report per month; corrections are further reports naming what they correct
            models.UniqueConstraint(
                fields=["programme", "year", "month"],
                condition=Q(corrects__isnull=True),
                name="dispatch_one_per_month",
            ),
            # at most one draft per month (the task regenerates it, never a second one)
            models.UniqueConstraint(
                fields=["programme", "year", "month"],
                condition=Q(state="draft"),
                name="dispatch_one_draft_per_month",
            ),
            models.UniqueConstraint(
                fields=["number_year", "number"],
                condition=Q(number__isnull=False),
                name="dispatch_number_unique",
            ),
            published_complete("dispatch_published_complete"),
        ]

    @property
    def period_label(self) -> str:
        return f"{self.year}年{self.month}月"


class DispatchCounter(models.Model):
    """The per-year counter of 发文字号, locked while a report is numbered."""

    year = year_field(unique=True)
    last_number = models.PositiveIntegerField(_("已用序号"), default=0)

    objects = OfficeOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("发文序号")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class DocumentEvent(WorkflowEvent):
    """A published document's history: generation, regeneration, edits, publication."""

    class Action(models.TextChoices):
        CREATE = "create", _("生成")
        REGENERATE = "regenerate", _("重新生成")
        EDIT = "edit", _("修改正文")
        PUBLISH = "publish", _("印发")

    action, from_state, to_state = event_fields(Action, DispatchState)

    objects = OfficeOnlyQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        abstract = True


class DispatchEvent(DocumentEvent):
    """The report's history: generation, regeneration, edits, publication."""

    report = event_owner(DispatchReport)

    class Meta(DocumentEvent.Meta):
        indexes = [event_index("report", "dispatch_event_idx")]

    def __str__(self):
        return f"{self.report_id} {self.action}"
