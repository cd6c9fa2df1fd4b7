"""Development plans (第19条): path solution, goals by year, milestones."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import Conflict
from core.notifications import notify
from core.permissions import require
from pools.models import Nomination

from .. import permissions
from ..figures import FIGURE_CODES, FigureCode, label_of, parse_amount
from ..models import (
    DevelopmentPlan,
    Milestone,
    MilestoneStatus,
    PlanGoal,
)
from .reports import _enterprise_users

# --- development plans -----------------------------------------------------------------------------


def _plan(nomination: Nomination) -> DevelopmentPlan:
    plan, created = DevelopmentPlan.objects.select_for_update().get_or_create(
        nomination=nomination,
        defaults={
            "enterprise_id": nomination.subject_enterprise_id,
            "town_id": nomination.town_id,
            "path_solution": nomination.path_plan,
        },
    )
    return plan


def _require_in_pool(nomination: Nomination) -> None:
    if not nomination.in_pool:
        raise Conflict(_("只有培育库内的企业（项目）制定发展路径。"))


@transaction.atomic
def plan_update(
    *, actor, nomination: Nomination, summary: str | None = None, path_solution: str | None = None
) -> DevelopmentPlan:
    _require_in_pool(nomination)
    if summary is not None:
        require(permissions.can_edit_plan(actor, nomination))
    if path_solution is not None:
        require(permissions.can_edit_path_solution(actor, nomination))
    plan = _plan(nomination)
    fields = ["summary", "path_solution"]
    before = audit.snapshot(plan, fields)
    if summary is not None:
        plan.summary = summary.strip()
    if path_solution is not None:
        plan.path_solution = path_solution.strip()
    plan.save()
    audit.record_saved(actor=actor, instance=plan, before=before, fields=fields)
    if path_solution is not None:
        notify(
            recipients=_enterprise_users(plan.enterprise_id),
            url=reverse("reporting:plan", args=[nomination.pk]),
            message=_("街镇更新了“%(entry)s”的路径解决方案。") % {"entry": nomination},
        )
    return plan


def _goal_years(nomination: Nomination) -> range:
    return range(nomination.year - 1, nomination.year + 6)


@transaction.atomic
def goal_save(
    *,
    actor,
    nomination: Nomination,
    year: int,
    description: str,
    metric: str = "",
    target: Decimal | None = None,
    goal: PlanGoal | None = None,
) -> PlanGoal:
    _require_in_pool(nomination)
    require(permissions.can_edit_plan(actor, nomination))
    plan = _plan(nomination)
    years = _goal_years(nomination)
    if year not in years:
        raise ValidationError(
            {"year": _("目标年度须在 %(a)s—%(b)s 之间。") % {"a": years[0], "b": years[-1]}}
        )
    if metric and metric not in FIGURE_CODES:
        raise ValidationError({"metric": _("未知指标。")})
    if metric and target is None:
        raise ValidationError({"target": _("选择了指标时请填写目标值。")})
    if target is not None:
        try:
            target = parse_amount(target, code=metric or FigureCode.OUTPUT)
        except ValueError as exc:
            raise ValidationError({"target": str(exc)}) from exc
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": _("该目标不属于本发展路径。")})
    instance = goal or PlanGoal(plan=plan)
    before = audit.snapshot(instance) if goal else None
    instance.year, instance.metric, instance.target = year, metric, target
    instance.description = (description or "").strip() or (label_of(metric) if metric else "")
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError({"metric": _("该年度已有此指标的目标。")}) from exc
    audit.record_saved(actor=actor, instance=instance, before=before)
    return instance


@transaction.atomic
def goal_delete(*, actor, goal: PlanGoal) -> None:
    nomination = goal.plan.nomination
    require(permissions.can_edit_plan(actor, nomination))
    audit.record(actor=actor, action=audit.AuditAction.DELETE, instance=goal, before=audit.snapshot(goal))
    goal.delete()


@transaction.atomic
def milestone_save(
    *,
    actor,
    nomination: Nomination,
    title: str,
    due_on: date,
    note: str = "",
    status: str | None = None,
    milestone: Milestone | None = None,
) -> Milestone:
    _require_in_pool(nomination)
    require(permissions.can_edit_plan(actor, nomination))
    plan = _plan(nomination)
    if milestone is not None and milestone.plan_id != plan.pk:
        raise ValidationError({"milestone": _("该节点不属于本发展路径。")})
    instance = milestone or Milestone(plan=plan)
    before = audit.snapshot(instance) if milestone else None
    instance.title, instance.due_on, instance.note = (title or "").strip(), due_on, (note or "").strip()
    if status is not None:
        if status not in MilestoneStatus.values:
            raise ValidationError({"status": _("节点进度无效。")})
        instance.status = status
        instance.done_on = (
            (instance.done_on or timezone.localdate()) if status == MilestoneStatus.DONE else None
        )
    instance.full_clean()
    instance.save()
    audit.record_saved(actor=actor, instance=instance, before=before)
    return instance


@transaction.atomic
def milestone_delete(*, actor, milestone: Milestone) -> None:
    require(permissions.can_edit_plan(actor, milestone.plan.nomination))
    audit.record(
        actor=actor, action=audit.AuditAction.DELETE, instance=milestone, before=audit.snapshot(milestone)
    )
    milestone.delete()
