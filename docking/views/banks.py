"""The bank's workbench (assigned enterprises, visits due, applications waiting), specialists and
visits, an enterprise's own page, the settings, and the docking home of each role."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.actions import form_page
from core.permissions import require
from core.web import page_of

from .. import permissions, selectors, services
from ..forms import SettingsForm, SpecialistForm, VisitLogForm
from ..models import DockingSetting, oversees_docking
from .common import action_redirect, run_form


@login_required
def home(request):
    user = request.user
    if user.role == Role.BANK:
        return redirect("docking:workbench")
    if user.role == Role.ENTERPRISE:
        return redirect("docking:mine")
    if oversees_docking(user) or user.role == Role.TOWN:
        return redirect("docking:meeting_list")
    if user.role == Role.DEPARTMENT:
        return redirect("docking:application_list")
    raise PermissionDenied(_("当前角色无权访问银企对接。"))


@login_required
def workbench(request):
    user = request.user
    require(permissions.can_work_as_bank(user))
    today, limit = timezone.localdate(), DockingSetting.current().waiting_days
    return render(
        request,
        "docking/workbench.html",
        {
            "specialists": list(selectors.specialists_for(user)[:200]),
            "due": list(selectors.visits_due(user, today=today)[:50]),
            "waiting": list(selectors.applications_for(user, waiting=True, today=today, limit=limit)[:50]),
            "open_intentions": list(selectors.intentions_for(user, state="open")[:50]),
            "limit": limit,
            "form": SpecialistForm(user=user),
        },
    )


@login_required
def specialist_list(request):
    require(permissions.can_view_specialists(request.user))
    user = request.user
    form = SpecialistForm(request.POST or None, user=user) if permissions.is_bank(user) else None
    if request.method == "POST":
        require(permissions.can_work_as_bank(user))
        specialist = run_form(form, lambda d: services.specialist_assign(actor=user, **d))
        if specialist is not None:
            messages.success(
                request,
                _("已指派%(user)s为“%(name)s”的信贷专员。")
                % {"user": specialist.user, "name": specialist.enterprise.name},
            )
            return redirect("docking:specialist_list")
    return render(
        request,
        "docking/specialist_list.html",
        {"page": page_of(request, selectors.specialists_for(user)), "form": form},
    )


@login_required
@require_POST
def specialist_end(request, pk):
    specialist = selectors.specialist_get(request.user, pk)
    return action_redirect(
        request,
        lambda: services.specialist_end(actor=request.user, specialist=specialist),
        _("指派已结束。"),
        reverse("docking:specialist_list"),
    )


@login_required
def visit_list(request):
    require(permissions.can_view_specialists(request.user))
    return render(
        request, "docking/visit_list.html", {"page": page_of(request, selectors.visits_for(request.user))}
    )


@login_required
def visit_create(request, pk):
    specialist = selectors.specialist_get(request.user, pk)
    require(permissions.can_log_visit(request.user, specialist))
    form = VisitLogForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda d: services.visit_log(actor=request.user, specialist=specialist, **d),
        success=lambda _visit: _("已登记对“%(name)s”的走访。") % {"name": specialist.enterprise.name},
        then="docking:visit_list",
        template="docking/visit_form.html",
        specialist=specialist,
    )


@login_required
def mine(request):
    user = request.user
    if user.role != Role.ENTERPRISE:
        raise PermissionDenied(_("只有企业账号可以查看本企业的银企对接。"))
    return render(
        request,
        "docking/mine.html",
        {
            "meetings": list(selectors.meetings_for(user)[:50]),
            "intentions": list(selectors.intentions_for(user)[:50]),
            "applications": list(selectors.applications_for(user)[:100]),
            "specialists": list(selectors.specialists_for(user)),
            "visits": list(selectors.visits_for(user)[:50]),
        },
    )


@login_required
def settings_page(request):
    require(permissions.can_edit_settings(request.user))
    current = DockingSetting.current()
    form = SettingsForm(request.POST or None, initial={"waiting_days": current.waiting_days})
    return form_page(
        request,
        form,
        lambda d: services.settings_update(actor=request.user, **d),
        success=_("设置已保存。"),
        then="docking:settings",
        template="docking/settings.html",
        current=current,
    )
