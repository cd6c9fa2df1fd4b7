"""信贷专员: a bank's account assigned to a pool enterprise, and the visits it logs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models_base import actor_field, moment_field, note_field, relation
from enterprises.fields import enterprise_field
from programs.models import Bank

from .scope import DockingScopedQuerySet


class Specialist(TimeStampedModel):
    """An assignment: `user` (an account of `bank`) is the enterprise's credit specialist until ended."""

    bank = models.ForeignKey(Bank, verbose_name=_("银行"), on_delete=models.PROTECT, related_name="+")
    enterprise = enterprise_field(_("企业"), related_name="credit_specialists")
    user = actor_field(_("信贷专员"))
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    assigned_by = actor_field(_("指派人"))
    ended_at = moment_field(_("结束时间"))

    objects = DockingScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("信贷专员")
        ordering = ["bank__order", "enterprise__name", "id"]
        constraints = [
            # one current specialist per bank and enterprise
            models.UniqueConstraint(
                fields=["bank", "enterprise"],
                condition=Q(ended_at__isnull=True),
                name="specialist_one_current",
            )
        ]

    def __str__(self):
        return f"{self.enterprise.name} · {self.bank.name} · {self.user}"


class VisitForm(models.TextChoices):
    ON_SITE = "on_site", _("上门走访")
    PHONE = "phone", _("电话联系")
    VIDEO = "video", _("视频连线")
    MEETING = "meeting", _("座谈会")


class Difficulty(models.TextChoices):
    """Difficulties a specialist finds in an enterprise's financing (the list 金融办 reports upward)."""

    COLLATERAL = "collateral", _("缺少有效抵押物")
    GUARANTEE = "guarantee", _("担保难")
    COST = "cost", _("融资成本高")
    TERM = "term", _("贷款期限与需求不匹配")
    RENEWAL = "renewal", _("续贷转贷难")
    FINANCIALS = "financials", _("财务制度不健全")
    CREDIT = "credit", _("信用记录不良")
    INFORMATION = "information", _("信息不对称")
    OTHER = "other", _("其他")


class Visit(TimeStampedModel):
    specialist = relation(Specialist, _("信贷专员"), related_name="visits")
    bank = models.ForeignKey(Bank, verbose_name=_("银行"), on_delete=models.PROTECT, related_name="+")
    enterprise = enterprise_field(_("企业"), related_name="specialist_visits")
    visited_on = models.DateField(_("走访日期"))
    form = models.CharField(_("形式"), max_length=10, choices=VisitForm.choices, default=VisitForm.ON_SITE)
    people_met = models.CharField(_("接待人员"), max_length=200)
    difficulties = models.JSONField(_("发现的困难"), default=list, blank=True)
    difficulty_note = note_field(_("困难说明"))
    follow_up = note_field(_("跟进措施"))
    next_visit_on = models.DateField(_("下次走访日期"), null=True, blank=True)
    recorded_by = actor_field(_("填报人"))

    objects = DockingScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["bank", "-visited_on"], name="visit_bank_date_idx")]

    def __str__(self):
        return f"{self.visited_on:%Y-%m-%d} {self.enterprise.name}"

    @property
    def difficulty_labels(self) -> list[str]:
        labels = dict(Difficulty.choices)
        return [str(labels.get(code, code)) for code in self.difficulties]
