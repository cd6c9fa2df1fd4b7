"""Development plans, goals by year, milestones."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models_base import FollowingQuerySet, one_to_one, year_field
from enterprises.fields import enterprise_field
from pools.models import Nomination
from programs.fields import town_field

from ..figures import FigureCode

# --- plans -------------------------------------------------------------------------------------------


class PlanQuerySet(FollowingQuerySet):
    """A plan follows its pool entry: whoever sees the nomination sees its plan (第19条: the enterprise
    makes it, the town works out the path solution with it, the pool's lead and responsible
    departments guide, the office oversees)."""

    follows = "nomination"


class DevelopmentPlan(TimeStampedModel):
    """发展路径 of one pool entry: the enterprise's goals and milestones, the town's path solution."""

    nomination = one_to_one(Nomination, _("培育库入库"), related_name="development_plan")
    enterprise = enterprise_field(_("企业"), related_name="plans")
    town = town_field(_("街镇"))
    summary = models.TextField(_("发展路径"), blank=True, help_text=_("企业制定的详细发展路径（第19条）"))
    path_solution = models.TextField(_("路径解决方案"), blank=True, help_text=_("街镇会同企业制定"))

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("发展路径")
        ordering = ["-nomination__year", "nomination__pool__order", "id"]

    def __str__(self):
        return f"{self.nomination}"


class PlanGoal(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="goals")
    year = year_field()
    metric = models.CharField(_("指标"), max_length=32, choices=FigureCode.choices, blank=True)
    target = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2, null=True, blank=True)
    description = models.CharField(_("目标"), max_length=300)

    class Meta:
        verbose_name = verbose_name_plural = _("年度目标")
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "metric"],
                condition=~Q(metric=""),
                name="plan_goal_once",
                violation_error_message=_("该年度已有此指标的目标。"),
            ),
            models.CheckConstraint(
                name="plan_goal_target_non_negative", condition=Q(target__isnull=True) | Q(target__gte=0)
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.description}"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    DELAYED = "delayed", _("滞后")


class Milestone(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=200)
    due_on = models.DateField(_("计划完成日期"))
    status = models.CharField(
        _("进度"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("节点")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title

    def is_overdue(self, today) -> bool:
        return self.status != MilestoneStatus.DONE and self.due_on < today
