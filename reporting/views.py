from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.models import Role, User
from core import audit
from core.exceptions import Conflict
from core.imports import ImportOutcome, import_page
from core.params import parse_year
from core.permissions import require
from core.web import errors_to_form, errors_to_messages, page_of
from core.xlsx import XLSX_CONTENT_TYPE
from enterprises.models import Enterprise
from programs.models import Pool, Programme

from . import permissions, selectors, services
from .figures import (
    FIGURE_CODES,
    FigureCode,
    Resolved,
    explain_growth,
    gap_percent,
    is_large_gap,
    label_of,
    period_label,
    unit_of,
)
from .forms import (
    CalendarForm,
    ExportForm,
    GapFilterForm,
    GoalForm,
    InviteForm,
    LateFilterForm,
    MilestoneForm,
    PathSolutionForm,
    PlanSummaryForm,
    ReportFilterForm,
    ReportForm,
    ReportStartForm,
)
from .imports import statistics_template
from .models import DevelopmentPlan, Milestone, MilestoneStatus, PlanGoal, ReportingCalendar, ReportState
from .workflow import REPORTS, TRANSITIONS

# --- the enterprise's home -------------------------------------------------------------------------


@role_required(Role.ENTERPRISE)
def enterprise_home(request):
    """The enterprise's home: its pool entries and plans, what is due, what is late, its key figures."""
    context = selectors.enterprise_dashboard(request.user)
    context["start_form"] = ReportStartForm(initial=_next_period(context))
    return render(request, "reporting/enterprise_home.html", context)


def _next_period(context) -> dict:
    owed = context["late"][:1] or context["upcoming"][:1]
    if owed:
        return {"year": owed[0].year, "month": owed[0].month}
    today = timezone.localdate()
    previous = today.replace(day=1) - timedelta(days=1)
    return {"year": previous.year, "month": previous.month}


# --- reports ---------------------------------------------------------------------------------------


@login_required
def report_list(request):
    filters = ReportFilterForm(request.GET or None, user=request.user)
    page = page_of(request, selectors.reports_for(request.user, **filters.selector_kwargs()))
    template = "reporting/_report_table.html" if request.htmx else "reporting/report_list.html"
    return render(
        request,
        template,
        {
            "filters": filters,
            "page": page,
            "can_start": permissions.can_start_report(request.user),
            "start_form": ReportStartForm(),
        },
    )


@login_required
def report_start(request):
    require(permissions.can_start_report(request.user))
    form = ReportStartForm(request.POST or request.GET or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_start(actor=request.user, **form.cleaned_data)
        except Conflict as exc:
            messages.info(request, exc.message)
            existing = (
                selectors.reports_for(
                    request.user, year=form.cleaned_data["year"], month=form.cleaned_data["month"]
                )
                .exclude(state=ReportState.SUPERSEDED)
                .first()
            )
            return (
                redirect("reporting:report_detail", pk=existing.pk)
                if existing
                else redirect("reporting:report_list")
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("已创建%(period)s月报草稿，请填写后提交。")
                % {"period": period_label(report.year, report.month)},
            )
            return redirect("reporting:report_edit", pk=report.pk)
    return render(request, "reporting/report_start.html", {"form": form})


def _plans_for_report(report) -> dict:
    return {
        p.nomination_id: p
        for p in DevelopmentPlan.objects.filter(
            nomination_id__in=[e.nomination_id for e in report.entries.all()]
        ).prefetch_related("milestones")
    }


@login_required
def report_detail(request, pk):
    report = selectors.report_get(request.user, pk)
    user = request.user
    actions = REPORTS.available(report, user)
    sheet = selectors.figures_for(report.enterprise, report.year)
    previous = selectors.previous_month_ytd(report.enterprise_id, report.year, report.month)
    rows = []
    for code in FIGURE_CODES:
        growth = sheet.monthly_growth(code, report.month)
        value, ytd = report.figure(code, "value"), report.figure(code, "ytd")
        # the rate this report would give (its own year-to-date against last year's resolved figure)
        own = Resolved(code=code, year=report.year, month=report.month, value=value, ytd=ytd, source="self")
        own_growth = explain_growth(code, own, growth.previous)
        rows.append(
            {
                "code": code,
                "label": label_of(code),
                "unit": unit_of(code),
                "value": value,
                "ytd": ytd,
                "previous_ytd": previous.get(code, (None, ""))[0],
                "growth": own_growth,
                "resolved": growth.current,
            }
        )
    plans = _plans_for_report(report)
    entries = [
        {
            "entry": e,
            "plan": plans.get(e.nomination_id),
            "milestones": [
                (m, MilestoneStatus((e.milestones or {}).get(str(m.pk), m.status)).label)
                for m in (plans[e.nomination_id].milestones.all() if e.nomination_id in plans else [])
            ],
        }
        for e in report.entries.all()
    ]
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "rows": rows,
            "entries": entries,
            "actions": actions,
            "versions": selectors.report_versions(report, user),
            "can_edit": permissions.can_edit_report(user, report),
            "can_correct": permissions.can_correct_report(user, report),
            "gap_threshold": selectors.gap_threshold(),
        },
    )


@login_required
def report_edit(request, pk):
    report = selectors.report_get(request.user, pk)
    require(permissions.can_edit_report(request.user, report))
    form = ReportForm(request.POST or None, report=report, plans=_plans_for_report(report))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(actor=request.user, report=report, **form.service_kwargs())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if "submit" in request.POST:
                return report_action(request, pk, "submit")
            messages.success(request, _("草稿已保存。"))
            return redirect("reporting:report_edit", pk=pk)
    return render(
        request,
        "reporting/report_edit.html",
        {
            "report": report,
            "form": form,
            "previous": selectors.previous_month_ytd(report.enterprise_id, report.year, report.month),
        },
    )


@login_required
@require_POST
def report_action(request, pk, action):
    report = selectors.report_get(request.user, pk)
    if action not in TRANSITIONS:
        raise Http404(action)
    try:
        services.report_transition(
            actor=request.user, report=report, action=action, comment=request.POST.get("comment", "")
        )
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        errors_to_messages(request, exc)
        if action == "submit" and permissions.can_edit_report(request.user, report):
            return redirect("reporting:report_edit", pk=pk)
    else:
        messages.success(request, _("操作成功：%(action)s。") % {"action": TRANSITIONS[action].label})
    return redirect("reporting:report_detail", pk=pk)


@login_required
@require_POST
def report_correct(request, pk):
    report = selectors.report_get(request.user, pk)
    try:
        correction = services.report_correct(
            actor=request.user, report=report, reason=request.POST.get("reason", "")
        )
    except Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(
            request,
            _("已创建更正版本（第%(v)s版），原报告保留。确认后以新版本为准。") % {"v": correction.version},
        )
        return redirect("reporting:report_edit", pk=correction.pk)
    return redirect("reporting:report_detail", pk=pk)


# --- figures ---------------------------------------------------------------------------------------


@login_required
def enterprise_figures(request, pk):
    enterprise = get_object_or_404(selectors.figure_enterprises(request.user).select_related("town"), pk=pk)
    today = timezone.localdate()
    try:
        year = parse_year(
            request.GET.get("year"),
            default=selectors.latest_full_year(enterprise.pk, today.year + 1) or today.year,
        )
    except ValueError:
        year = today.year
    sheet = selectors.figures_for(enterprise, year)
    threshold = selectors.gap_threshold()
    annual = sheet.annual_rows()
    for row in annual:
        row["flagged"] = row["current"].large_gap(threshold)
    output = FigureCode.OUTPUT
    chart = {
        "months": [f"{m}" for m in range(1, 13)],
        "unit": str(_("万元")),
        "current": [_float(sheet.get(output, m).amount) for m in range(1, 13)],
        "previous": [_float(sheet.get(output, m, year - 1).amount) for m in range(1, 13)],
        "current_label": _("%(y)s年产值累计") % {"y": year},
        "previous_label": _("%(y)s年产值累计") % {"y": year - 1},
    }
    return render(
        request,
        "reporting/figures.html",
        {
            "enterprise": enterprise,
            "year": year,
            "sheet": sheet,
            "annual": annual,
            "chart": chart,
            "monthly": sheet.monthly_rows(),
            "ratios": sheet.ratios(),
            "threshold": threshold,
            "show_gaps": permissions.can_view_gaps(request.user),
            "years": selectors.figure_years(enterprise, also=(year,)),
            "codes": [(c, label_of(c), unit_of(c)) for c in FIGURE_CODES],
        },
    )


def _float(value):
    return float(value) if value is not None else None


@login_required
def figures_mine(request):
    require(permissions.can_view_own_figures(request.user))
    return enterprise_figures(request, request.user.enterprise_id)


@login_required
def gaps(request):
    require(permissions.can_view_gaps(request.user))
    today = timezone.localdate()
    params = request.GET.copy()
    params.setdefault("year", str(today.year - 1))
    filters = GapFilterForm(params, user=request.user)
    if filters.is_valid():
        d = filters.cleaned_data
        qs = selectors.gaps_for(
            request.user,
            year=d["year"],
            month=d.get("month"),
            town=d.get("town"),
            flagged_only=not d.get("all_rows"),
        )
    else:
        qs = selectors.gaps_for(request.user, year=today.year - 1)
    page = page_of(request, qs, 50)
    threshold = selectors.gap_threshold()
    for f in page:
        f.gap = gap_percent(f.official_amount, f.self_amount)
        f.flagged = is_large_gap(f.official_amount, f.self_amount, threshold)
        f.period = period_label(f.year, f.month)
        f.unit = unit_of(f.metric)
    template = "reporting/_gap_table.html" if request.htmx else "reporting/gaps.html"
    return render(request, template, {"filters": filters, "page": page, "threshold": threshold})


# --- lateness --------------------------------------------------------------------------------------


@login_required
def late(request):
    require(permissions.can_view_late(request.user))
    today = timezone.localdate()
    filters = LateFilterForm(request.GET or None, user=request.user)
    d = filters.cleaned_data if filters.is_valid() else {}
    page = page_of(
        request,
        selectors.late_by_enterprise(
            request.user, today=today, year=d.get("year"), town=d.get("town"), search=d.get("q", "")
        ),
    )
    periods = selectors.missing_periods(
        [row["enterprise_id"] for row in page], today=today, year=d.get("year")
    )
    for row in page:
        row["periods"] = [period_label(y, m) for y, m in periods.get(row["enterprise_id"], [])]
    towns = selectors.late_by_town(request.user, today=today, year=d.get("year"))
    template = "reporting/_late_table.html" if request.htmx else "reporting/late.html"
    return render(request, template, {"filters": filters, "page": page, "towns": towns, "today": today})


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


# --- official statistics ---------------------------------------------------------------------------


@login_required
def imports(request):
    granted = selectors.granted_columns(request.user)
    require(permissions.can_view_imports(request.user, granted))
    if request.method == "POST":
        require(permissions.can_import_figures(request.user, granted))

    def run(upload):
        record = services.figures_import_upload(actor=request.user, upload=upload)
        return ImportOutcome(
            rows=record.rows,
            errors=record.errors,
            success=_("导入成功：%(rows)d 行，%(n)d 项数据（%(periods)s）。")
            % {"rows": record.rows, "n": record.figures, "periods": "、".join(record.periods[:6])},
            context={"record": record},
        )

    return import_page(
        request,
        template="reporting/imports.html",
        run=run,
        success_url=reverse("reporting:imports"),
        context={
            "granted": [(c, label_of(c)) for c in granted],
            "page": page_of(request, selectors.imports_for(request.user), 20),
        },
    )


@login_required
def import_template(request):
    granted = selectors.granted_columns(request.user)
    require(permissions.can_import_figures(request.user, granted))
    response = HttpResponse(statistics_template(granted), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=statistics-template-{request.user.department.code}.xlsx"
    )
    return response


# --- export ----------------------------------------------------------------------------------------


@login_required
def export(request):
    from .xlsx import export_workbook

    require(permissions.can_export(request.user))
    form = ExportForm(request.GET or None, user=request.user, initial={"year": timezone.localdate().year - 1})
    if request.GET and form.is_valid():
        d = form.cleaned_data
        content, count = export_workbook(
            request.user, year=d["year"], month=d.get("month"), town=d.get("town"), pool=d.get("pool")
        )
        audit.record(
            actor=request.user,
            action=audit.AuditAction.EXPORT,
            message=f"reporting export: {count} enterprises {request.GET.urlencode()}"[:500],
        )
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        suffix = f"{d['year']}" + (f"-{d['month']:02d}" if d.get("month") else "")
        response["Content-Disposition"] = f"attachment; filename=reports-{suffix}.xlsx"
        return response
    return render(request, "reporting/export.html", {"form": form})


# --- reporting calendars ---------------------------------------------------------------------------


@login_required
def calendars(request):
    require(permissions.can_manage_calendars(request.user))
    programme = Programme.objects.visible_to(request.user).current()
    if programme is None:
        raise Http404("programme")
    pools = list(Pool.objects.filter(programme=programme).select_related("path").order_by("order"))
    rows = {c.pool_id: c for c in ReportingCalendar.objects.filter(pool__in=pools)}
    if request.method == "POST":
        pool = get_object_or_404(Pool, pk=request.POST.get("pool"), programme=programme)
        form = CalendarForm(request.POST)
        if form.is_valid():
            try:
                services.calendar_set(actor=request.user, pool=pool, **form.cleaned_data)
            except ValidationError as exc:
                errors_to_messages(request, exc)
            else:
                messages.success(
                    request,
                    _("“%(pool)s”报送日历已保存，未提交的月报截止日期将随之调整。") % {"pool": pool.name},
                )
                return redirect("reporting:calendars")
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    table = []
    for pool in pools:
        cal = rows.get(pool.pk) or ReportingCalendar(pool=pool)
        table.append({"pool": pool, "calendar": cal, "custom": pool.pk in rows})
    return render(request, "reporting/calendars.html", {"programme": programme, "rows": table})


# --- enterprise accounts ---------------------------------------------------------------------------


@login_required
def enterprise_accounts(request):
    require(permissions.can_invite_enterprise_user(request.user))
    form = InviteForm(request.POST or None, user=request.user)
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            user, token = services.enterprise_user_invite(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            link = request.build_absolute_uri(reverse("reporting:invitation", args=[token]))
            messages.success(
                request,
                _(
                    "已为“%(enterprise)s”开设账号 %(username)s。请将下方链接交给本人设置密码（%(days)s天内有效，仅显示一次）。"
                )
                % {
                    "enterprise": user.enterprise.name,
                    "username": user.username,
                    "days": settings.PORTAL_INVITATION_DAYS,
                },
            )
            form = InviteForm(user=request.user)
    # The invitation link is shown in this response only: never in a flash message, whose storage is a
    # cookie (or the session), so the one-time token is kept neither by the browser nor by the server.
    accounts = (
        User.objects.filter(role=Role.ENTERPRISE, enterprise__in=Enterprise.objects.visible_to(request.user))
        .select_related("enterprise", "enterprise_invitation")
        .order_by("enterprise__name", "username")
    )
    return render(
        request, "reporting/accounts.html", {"form": form, "link": link, "page": page_of(request, accounts)}
    )


@login_required
@require_POST
def enterprise_reinvite(request, pk):
    user = get_object_or_404(
        User.objects.filter(role=Role.ENTERPRISE, enterprise__in=Enterprise.objects.visible_to(request.user)),
        pk=pk,
    )
    try:
        token = services.enterprise_user_reinvite(actor=request.user, user=user)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("reporting:accounts")
    link = request.build_absolute_uri(reverse("reporting:invitation", args=[token]))
    # Shown in this response only (a flash message would keep the token in a cookie).
    return render(request, "reporting/invitation_link.html", {"link": link, "account": user})


def invitation(request, token):
    """Public: the invited person sets a password; the account becomes active."""
    from django.contrib.auth.forms import SetPasswordForm

    from core.forms import BootstrapFormMixin

    class _Form(BootstrapFormMixin, SetPasswordForm):
        pass

    found = services.invitation_for(token)
    if found is None:
        return render(request, "reporting/invitation.html", {"invalid": True}, status=404)
    form = _Form(found.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except Conflict as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            form.add_error("new_password1", exc.messages)
        else:
            messages.success(
                request, _("密码已设置，请使用账号 %(username)s 登录。") % {"username": found.user.username}
            )
            return redirect("accounts:login")
    return render(request, "reporting/invitation.html", {"form": form, "invitation": found})
