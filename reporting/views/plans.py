"""Development plan pages: path solution, goals, milestones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import Conflict
from core.web import errors_to_form

from .. import permissions, selectors, services
from ..forms import (
    GoalForm,
    MilestoneForm,
    PathSolutionForm,
    PlanSummaryForm,
)
from ..models import Milestone, PlanGoal

# --- development plans -----------------------------------------------------------------------------


@login_required
def plan(request, pk):
    nomination = selectors.entry_get(request.user, pk)
    user = request.user
    can_plan = permissions.can_edit_plan(user, nomination)
    can_solution = permissions.can_edit_path_solution(user, nomination)
    current = selectors.plan_for(nomination)
    which = request.POST.get("form") if request.method == "POST" else None
    summary_form = PlanSummaryForm(
        request.POST if which == "summary" else None, initial={"summary": current.summary}
    )
    solution_form = PathSolutionForm(
        request.POST if which == "solution" else None, initial={"path_solution": current.path_solution}
    )
    goal_form = GoalForm(request.POST if which == "goal" else None, nomination=nomination)
    milestone_form = MilestoneForm(request.POST if which == "milestone" else None)
    if which:
        try:
            if which == "summary" and summary_form.is_valid():
                services.plan_update(
                    actor=user, nomination=nomination, summary=summary_form.cleaned_data["summary"]
                )
            elif which == "solution" and solution_form.is_valid():
                services.plan_update(
                    actor=user,
                    nomination=nomination,
                    path_solution=solution_form.cleaned_data["path_solution"],
                )
            elif which == "goal" and goal_form.is_valid():
                services.goal_save(actor=user, nomination=nomination, **goal_form.cleaned_data)
            elif which == "milestone" and milestone_form.is_valid():
                services.milestone_save(actor=user, nomination=nomination, **milestone_form.cleaned_data)
            elif which not in ("summary", "solution", "goal", "milestone"):
                raise Http404(which)
            else:
                raise ValidationError(_("请检查填写的内容。"))
        except ValidationError as exc:
            form = {
                "summary": summary_form,
                "solution": solution_form,
                "goal": goal_form,
                "milestone": milestone_form,
            }[which]
            if hasattr(exc, "error_dict"):
                errors_to_form(form, exc)
            elif not form.errors:
                form.add_error(None, exc.messages)
        except Conflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("发展路径已保存。"))
            return redirect("reporting:plan", pk=pk)
    progress = selectors.plan_progress(current)
    return render(
        request,
        "reporting/plan.html",
        {
            "nomination": nomination,
            "plan": current,
            "progress": progress,
            "can_plan": can_plan,
            "can_solution": can_solution,
            "summary_form": summary_form,
            "solution_form": solution_form,
            "goal_form": goal_form,
            "milestone_form": milestone_form,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def goal_delete(request, pk):
    goal = get_object_or_404(PlanGoal.objects.select_related("plan__nomination"), pk=pk)
    selectors.entry_get(request.user, goal.plan.nomination_id)  # 404 unless visible
    services.goal_delete(actor=request.user, goal=goal)
    messages.success(request, _("目标已删除。"))
    return redirect("reporting:plan", pk=goal.plan.nomination_id)


@login_required
@require_POST
def milestone_delete(request, pk):
    milestone = get_object_or_404(Milestone.objects.select_related("plan__nomination"), pk=pk)
    selectors.entry_get(request.user, milestone.plan.nomination_id)
    services.milestone_delete(actor=request.user, milestone=milestone)
    messages.success(request, _("节点已删除。"))
    return redirect("reporting:plan", pk=milestone.plan.nomination_id)
