"""The half-year site visit (半年一观摩, 第25条): a plan of sites (pool entries), the visiting group
(accounts), each visitor's scores on the visit's scoring sheet, and the resulting ranking."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import between
from core.models import TimeStampedModel
from core.models_base import ScopedQuerySet, actor_field, relation, state_field, year_field
from programs.fields import programme_field

from .common import unit_scope


class VisitState(models.TextChoices):
    SCORING = "scoring", _("评分中")
    CLOSED = "closed", _("已完成")


class SiteVisitQuerySet(ScopedQuerySet):
    """The office: all. A visitor: the visits of its group. Towns and departments: closed visits (the
    ranking is published). Others: none."""

    def scope(self, user) -> Q:
        return unit_scope(
            user,
            lambda own: (
                Q(pk__in=VisitMember.objects.filter(user_id=user.pk).values("visit_id"))
                | Q(state=VisitState.CLOSED)
            ),
        )


class SiteVisit(TimeStampedModel):
    programme = programme_field(_("方案"))
    year = year_field()
    half = models.PositiveSmallIntegerField(_("半年"), choices=[(1, _("上半年")), (2, _("下半年"))])
    title = models.CharField(_("名称"), max_length=100)
    visit_on = models.DateField(_("观摩日期"), null=True, blank=True)
    # [{"code": "progress", "name": "项目进度", "max": "40"}, …]
    sheet = models.JSONField(_("评分表"), default=list)
    state = state_field(VisitState.SCORING, max_length=10)
    created_by = actor_field(null=True, blank=True)

    objects = SiteVisitQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("半年观摩")
        ordering = ["-year", "-half", "-id"]
        constraints = [between("half", 1, 2, "visit_half_1_2")]

    def __str__(self):
        return self.title


class VisitSite(models.Model):
    visit = models.ForeignKey(SiteVisit, on_delete=models.CASCADE, related_name="sites")
    nomination = relation("pools.Nomination", _("观摩点（入库对象）"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("观摩点")
        ordering = ["visit", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["visit", "nomination"], name="visit_site_once")]

    def __str__(self):
        return f"{self.visit_id} · {self.nomination_id}"


class VisitMember(models.Model):
    visit = models.ForeignKey(SiteVisit, on_delete=models.CASCADE, related_name="members")
    user = actor_field(_("观摩人员"))

    class Meta:
        verbose_name = verbose_name_plural = _("观摩组成员")
        constraints = [models.UniqueConstraint(fields=["visit", "user"], name="visit_member_once")]

    def __str__(self):
        return f"{self.visit_id} · {self.user_id}"


class VisitScoreQuerySet(ScopedQuerySet):
    """The office: all. A visitor: its own sheets. Others: none (the ranking shows the averages)."""

    def scope(self, user) -> Q:
        return unit_scope(user, lambda own: Q(visitor_id=user.pk))


class VisitScore(models.Model):
    site = relation(VisitSite, _("观摩点"), on_delete=models.CASCADE, related_name="scores")
    visitor = actor_field(_("评分人"))
    points = models.JSONField(_("分项得分"), default=dict)
    total = models.DecimalField(_("合计"), max_digits=7, decimal_places=2)
    note = models.CharField(_("意见"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = VisitScoreQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("观摩评分")
        constraints = [models.UniqueConstraint(fields=["site", "visitor"], name="visit_score_once")]

    def __str__(self):
        return f"{self.site_id} · {self.visitor_id}"
