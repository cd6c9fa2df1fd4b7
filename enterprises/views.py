from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.actions import form_save
from core.audit_messages import export_event
from core.imports import import_page
from core.list_pages import list_page
from core.permissions import require
from core.web import page_of
from core.xlsx import XLSX_CONTENT_TYPE

from . import permissions, selectors, services
from .forms import EnterpriseFilterForm, EnterpriseForm, ProjectFilterForm, ProjectForm
from .models import Enterprise, Project
from .xlsx import enterprise_template, registry_workbook


def _form_page(request, form, *, save, saved, detail: str, template: str, **context):
    """A registry form: on a valid POST the service saves (its model errors land on the form), the
    user reads `saved(obj)` and goes to the detail page; otherwise the form is shown (again)."""
    if request.method == "POST" and form.is_valid():
        obj = form_save(form, save)
        if obj:
            messages.success(request, saved(obj))
            return redirect(detail, pk=obj.pk)
    return render(request, template, {"form": form, **context})


@login_required
def enterprise_list(request):
    require(permissions.can_view_registry(request.user))
    filters = EnterpriseFilterForm(request.GET or None, user=request.user)
    enterprises = selectors.enterprises_for(request.user, **filters.selector_kwargs())
    page = page_of(request, enterprises.order_by(*selectors.LIST_ORDER))
    return list_page(
        request,
        template="enterprises/enterprise_list.html",
        table="enterprises/_enterprise_table.html",
        filters=filters,
        page=page,
        can_create=permissions.can_create_enterprise(request.user),
        can_export=permissions.can_export_enterprises(request.user),
    )


@login_required
def enterprise_detail(request, pk):
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.user).select_related("town", "industry", "leading_industry"),
        pk=pk,
    )
    projects = selectors.projects_for(request.user).filter(enterprise=enterprise)
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "projects": projects,
            "can_edit": permissions.can_edit_enterprise(request.user, enterprise),
        },
    )


@login_required
def enterprise_mine(request):
    require(permissions.can_view_own_enterprise(request.user))
    return enterprise_detail(request, request.user.enterprise_id)


@login_required
def enterprise_create(request):
    require(permissions.can_create_enterprise(request.user))
    return _form_page(
        request,
        EnterpriseForm(request.POST or None, user=request.user),
        save=lambda data: services.enterprise_create(actor=request.user, data=data),
        saved=lambda enterprise: _("已登记企业“%(name)s”。") % {"name": enterprise.name},
        detail="enterprises:detail",
        template="enterprises/enterprise_form.html",
    )


@login_required
def enterprise_edit(request, pk):
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk)
    require(permissions.can_edit_enterprise(request.user, enterprise))
    return _form_page(
        request,
        EnterpriseForm(request.POST or None, instance=enterprise, user=request.user),
        save=lambda data: services.enterprise_update(
            actor=request.user, enterprise=Enterprise.objects.get(pk=pk), data=data
        ),
        saved=lambda _enterprise: _("已保存。"),
        detail="enterprises:detail",
        template="enterprises/enterprise_form.html",
        enterprise=enterprise,
    )


@login_required
def enterprise_import(request):
    require(permissions.can_import_enterprises(request.user))
    return import_page(
        request,
        template="enterprises/enterprise_import.html",
        run=lambda upload: services.enterprises_import(actor=request.user, upload=upload),
        success_url=reverse("enterprises:list"),
    )


@login_required
def enterprise_import_template(request):
    require(permissions.can_import_enterprises(request.user))
    response = HttpResponse(enterprise_template(town=request.user.town), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E4%BC%81%E4%B8%9A%E5%90%8D%E5%BD%95%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


@login_required
def enterprise_export(request):
    require(permissions.can_export_enterprises(request.user))
    filters = EnterpriseFilterForm(request.GET or None, user=request.user)
    queryset = selectors.enterprises_for(request.user, **filters.selector_kwargs())
    content, rows = registry_workbook(queryset)
    audit.record(
        actor=request.user,
        action=audit.AuditAction.EXPORT,
        **export_event("enterprises", rows=rows, query=request.GET),
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f"attachment; filename=enterprises-{stamp}.xlsx"
    return response


@login_required
def project_list(request):
    require(permissions.can_view_registry(request.user))
    filters = ProjectFilterForm(request.GET or None, user=request.user)
    projects = selectors.projects_for(request.user, **filters.selector_kwargs())
    page = page_of(request, projects.order_by(*selectors.LIST_ORDER))
    return list_page(
        request,
        template="enterprises/project_list.html",
        table="enterprises/_project_table.html",
        filters=filters,
        page=page,
        can_create=permissions.can_create_project(request.user),
    )


@login_required
def project_detail(request, pk):
    project = get_object_or_404(selectors.projects_for(request.user), pk=pk)
    return render(
        request,
        "enterprises/project_detail.html",
        {
            "project": project,
            "can_edit": permissions.can_edit_project(request.user, project),
        },
    )


@login_required
def project_create(request):
    require(permissions.can_create_project(request.user))
    return _form_page(
        request,
        ProjectForm(
            request.POST or None, user=request.user, initial={"enterprise": request.GET.get("enterprise")}
        ),
        save=lambda data: services.project_create(actor=request.user, data=data),
        saved=lambda project: _("已登记项目“%(name)s”。") % {"name": project.name},
        detail="enterprises:project_detail",
        template="enterprises/project_form.html",
    )


@login_required
def project_edit(request, pk):
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    require(permissions.can_edit_project(request.user, project))
    return _form_page(
        request,
        ProjectForm(request.POST or None, instance=project, user=request.user),
        save=lambda data: services.project_update(
            actor=request.user, project=Project.objects.get(pk=pk), data=data
        ),
        saved=lambda _project: _("已保存。"),
        detail="enterprises:project_detail",
        template="enterprises/project_form.html",
        project=project,
    )
