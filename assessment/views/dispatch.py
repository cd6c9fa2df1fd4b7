"""Dispatch report pages (一月一调度): list, the report, edit, publish, correct, files, settings, and the
office's page of every periodic task of the portal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_celery_beat.models import PeriodicTask

from core.actions import form_action, run_form
from core.permissions import require

from .. import narrative, permissions
from ..documents import build_docx, build_xlsx
from ..forms import (
    DispatchCorrectForm,
    DispatchEditForm,
    DispatchGenerateForm,
    DispatchSettingsForm,
    ScheduleForm,
)
from ..models import DispatchEvent, DispatchSettings
from ..selectors.dispatch import dispatch_report_get, dispatch_reports_for, own_rows
from ..services import dispatch as services
from ..services import schedules as schedule_services
from ..workflow import DISPATCH_REPORTS
from .documents import document_list_pages, document_pages, edit_form_of, sections_of

dispatch_list, dispatch_generate = document_list_pages(
    documents_for=dispatch_reports_for,
    may_manage=permissions.can_manage_dispatch,
    template="assessment/dispatch_list.html",
    generate_form=DispatchGenerateForm,
    generate=lambda form, actor: services.generate_dispatch_report(*form.period(), actor=actor),
    listing="assessment:dispatch_list",
    detail="assessment:dispatch_detail",
    frozen=gettext_lazy("该月调度通报已印发，不再重新生成；如需更正，请印发更正通报。"),
    drafted=lambda report: (
        _("已生成%(period)s调度通报草稿，请审核修改后印发。") % {"period": report.period_label}
    ),
)


@login_required
def dispatch_detail(request, pk):
    report = dispatch_report_get(request.user, pk)
    user = request.user
    form = edit_form_of(DispatchEditForm, report) if permissions.can_edit_dispatch(user, report) else None
    return render(
        request,
        "assessment/dispatch_detail.html",
        {
            "report": report,
            "s": own_rows(user, report.snapshot),
            "sections": sections_of(report, narrative.SECTIONS),
            "form": form,
            "actions": DISPATCH_REPORTS.available(report, user),
            "can_correct": permissions.can_correct_dispatch(user, report),
            "correct_form": DispatchCorrectForm(),
            "events": DispatchEvent.objects.visible_to(user).filter(report=report).select_related("actor"),
            "corrections": report.corrections.visible_to(user) if report.is_published else [],
        },
    )


dispatch_edit, dispatch_publish, dispatch_file = document_pages(
    get=dispatch_report_get,
    may_edit=permissions.can_edit_dispatch,
    may_publish=permissions.can_transition_dispatch,
    may_preview=permissions.can_manage_dispatch,
    form_class=DispatchEditForm,
    edit=lambda actor, report, paragraphs, title: services.dispatch_edit(
        actor=actor, report=report, paragraphs=paragraphs, title=title
    ),
    publish=lambda actor, report: services.dispatch_publish(actor=actor, report=report),
    detail="assessment:dispatch_detail",
    build_docx=build_docx,
    build_xlsx=build_xlsx,
)


@login_required
@require_POST
def dispatch_correct(request, pk):
    report = dispatch_report_get(request.user, pk)
    require(permissions.can_correct_dispatch(request.user, report))
    return form_action(
        request,
        DispatchCorrectForm(request.POST),
        lambda data: services.dispatch_correct(actor=request.user, report=report, note=data["note"]),
        _("已生成更正通报草稿，请修改后印发。"),
        reverse("assessment:dispatch_detail", args=[pk]),
        made="assessment:dispatch_detail",
    )


@login_required
def dispatch_settings(request):
    require(permissions.can_manage_dispatch(request.user))
    form = DispatchSettingsForm(request.POST or None, instance=DispatchSettings.current())
    if request.method == "POST" and run_form(
        form, lambda data: services.dispatch_settings_update(actor=request.user, **data)
    ):
        messages.success(request, _("已保存调度通报设置。"))
        return redirect("assessment:dispatch_settings")
    return render(request, "assessment/dispatch_settings.html", {"form": form})


@login_required
def schedule_list(request):
    require(permissions.can_manage_schedules(request.user))
    tasks = PeriodicTask.objects.select_related("crontab", "interval").order_by("name")
    return render(request, "assessment/dispatch_schedules.html", {"tasks": tasks})


@login_required
@require_POST
def schedule_update(request, pk):
    require(permissions.can_manage_schedules(request.user))
    task = get_object_or_404(PeriodicTask, pk=pk)
    return form_action(
        request,
        ScheduleForm(request.POST),
        lambda data: schedule_services.schedule_update(actor=request.user, task=task, **data),
        _("已保存定时任务“%(name)s”。") % {"name": task.name},
        "assessment:schedule_list",
    )
