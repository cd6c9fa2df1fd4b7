"""Assessment runs: start, rate, review, publish; results with their working; the 授信奖励 list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit
from core.actions import form_action
from core.params import parse_year
from core.permissions import require
from core.web import stored_file
from core.xlsx import XLSX_CONTENT_TYPE

from .. import permissions, selectors, services
from ..forms import RateForm, RunStartForm
from ..models import AssessmentRun, Result, Score
from ..workflow_assessment import RUNS
from .common import current_programme, reported


@login_required
def run_list(request):
    require(permissions.can_view(request.user))
    programme = current_programme()
    can_manage = permissions.can_manage(request.user)
    form = None
    if can_manage and programme:
        form = RunStartForm(schemes=selectors.schemes_for(request.user, programme))
    return render(
        request,
        "assessment/scheme_runs.html",
        {"runs": selectors.runs_for(request.user), "form": form, "can_manage": can_manage},
    )


@login_required
@require_POST
def run_start(request):
    require(permissions.can_manage(request.user))
    programme = current_programme()
    return form_action(
        request,
        RunStartForm(request.POST, schemes=selectors.schemes_for(request.user, programme)),
        lambda data: services.assessment_run_start(
            actor=request.user, scheme=data["scheme"], year=data["year"]
        ),
        _("考核已计算：系统指标按平台数据得分，评分人指标待评分。"),
        "assessment:run_list",
        invalid=_("请选择考核办法并填写年度。"),
        made="assessment:run_detail",
    )


def _run(request, pk) -> AssessmentRun:
    return get_object_or_404(AssessmentRun.objects.visible_to(request.user).select_related("scheme"), pk=pk)


@login_required
def run_detail(request, pk):
    require(permissions.can_view(request.user))
    run = _run(request, pk)
    results = list(selectors.results_for(request.user, run))
    queue = list(selectors.rater_queue(request.user, run)) if request.user.role == "department" else []
    return render(
        request,
        "assessment/scheme_run.html",
        {
            "run": run,
            "results": results,
            "indicators": list(run.scheme.indicators.all()),
            "queue": queue,
            "rate_form": RateForm(),
            "moves": RUNS.available(run, request.user),
            "events": run.events.select_related("actor").order_by("-created_at")[:20],
        },
    )


@login_required
def result_detail(request, pk):
    require(permissions.can_view(request.user))
    result = get_object_or_404(
        Result.objects.visible_to(request.user).select_related(
            "run__scheme", "town", "department", "enterprise"
        ),
        pk=pk,
    )
    scores = list(
        result.scores.select_related("indicator__rater_department", "rated_by").order_by("indicator__order")
    )
    return render(request, "assessment/scheme_result.html", {"result": result, "scores": scores})


@login_required
@require_POST
def score_rate(request, pk):
    score = get_object_or_404(
        Score.objects.visible_to(request.user).select_related("result__run", "indicator"), pk=pk
    )
    require(permissions.can_rate(request.user, score))
    form = RateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请填写得分或次数（数字）。"))
    else:
        with reported(request, _("已评分：%(name)s。") % {"name": score.indicator.name}):
            services.score_rate(
                actor=request.user,
                score=score,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data.get("evidence"),
            )
    return redirect("assessment:run_detail", pk=score.result.run_id)


@login_required
def score_evidence(request, pk):
    score = get_object_or_404(Score.objects.visible_to(request.user), pk=pk)
    return stored_file(score.evidence, score.evidence_name, what="evidence")


@login_required
@require_POST
def run_action(request, pk, action):
    run = _run(request, pk)
    if action not in RUNS:
        raise Http404("action")
    with reported(request, _("操作成功：%(action)s。") % {"action": RUNS[action].label}):
        services.run_transition(
            actor=request.user, run=run, action=action, comment=request.POST.get("comment", "")
        )
    return redirect("assessment:run_detail", pk=pk)


def _rewards(request) -> tuple[int, list, list]:
    """The year asked for (default: the latest published run's) and its reward recommendations, as the
    page and its export show them."""
    require(permissions.can_view_rewards(request.user))
    year = parse_year(request.GET.get("year"), default=_latest_year(request.user))
    schemes, rows = selectors.reward_recommendations(request.user, current_programme(), year)
    return year, schemes, rows


@login_required
def rewards(request):
    year, schemes, rows = _rewards(request)
    return render(request, "assessment/scheme_rewards.html", {"year": year, "schemes": schemes, "rows": rows})


def _latest_year(user) -> int:
    from django.utils import timezone

    run = AssessmentRun.objects.visible_to(user).filter(state="published").order_by("-year").first()
    return run.year if run else timezone.localdate().year


@login_required
def rewards_export(request):
    from ..xlsx import rewards_workbook

    year, schemes, rows = _rewards(request)
    content = rewards_workbook(year=year, schemes=schemes, rows=rows)
    audit.record(
        actor=request.user,
        action=audit.AuditAction.EXPORT,
        event="export.credit_rewards",
        params={"year": year},
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename=credit-rewards-{year}.xlsx"
    return response
