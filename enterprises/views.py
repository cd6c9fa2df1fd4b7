from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.actions import form_page
from core.audit_messages import export_event
from core.imports import import_page
from core.list_pages import filtered, filtered_list, ordered
from core.permissions import require
from core.web import exported_xlsx, stamped
from core.xlsx import XLSX_CONTENT_TYPE

from . import permissions, selectors, services
from .forms import EnterpriseFilterForm, EnterpriseForm, ProjectFilterForm, ProjectForm
from .models import Enterprise, Project
from .xlsx import enterprise_template, registry_workbook


@dataclass(frozen=True)
class _Entry:
    """A kind of registry entry (an enterprise, a project): what its create and edit pages differ in."""

    model: type
    form: type
    can_create: Callable
    can_edit: Callable
    create: Callable  # services.<kind>_create(actor=, data=)
    update: Callable  # services.<kind>_update(actor=, <kind>=, data=)
    registered: str  # the message once created, with the entry's %(name)s
    detail: str
    template: str
    initial: Callable = lambda request: None  # the create form's initial data, from the request

    @property
    def name(self) -> str:
        return self.model._meta.model_name


_ENTERPRISE = _Entry(
    model=Enterprise,
    form=EnterpriseForm,
    can_create=permissions.can_create_enterprise,
    can_edit=permissions.can_edit_enterprise,
    create=services.enterprise_create,
    update=services.enterprise_update,
    registered=gettext_lazy("已登记企业“%(name)s”。"),
    detail="enterprises:detail",
    template="enterprises/enterprise_form.html",
)
_PROJECT = _Entry(
    model=Project,
    form=ProjectForm,
    can_create=permissions.can_create_project,
    can_edit=permissions.can_edit_project,
    create=services.project_create,
    update=services.project_update,
    registered=gettext_lazy("已登记项目“%(name)s”。"),
    detail="enterprises:project_detail",
    template="enterprises/project_form.html",
    initial=lambda request: {"enterprise": request.GET.get("enterprise")},
)


def _create_page(request, entry: _Entry):
    require(entry.can_create(request.user))
    return form_page(
        request,
        entry.form(request.POST or None, user=request.user, initial=entry.initial(request)),
        lambda data: entry.create(actor=request.user, data=data),
        success=lambda obj: str(entry.registered) % {"name": obj.name},
        then=lambda obj: reverse(entry.detail, kwargs={"pk": obj.pk}),
        template=entry.template,
    )


def _edit_page(request, entry: _Entry, pk):
    obj = get_object_or_404(entry.model.objects.visible_to(request.user), pk=pk)
    require(entry.can_edit(request.user, obj))
    return form_page(
        request,
        entry.form(request.POST or None, instance=obj, user=request.user),
        lambda data: entry.update(
            actor=request.user, data=data, **{entry.name: entry.model.objects.get(pk=pk)}
        ),
        success=_("已保存。"),
        then=lambda saved: reverse(entry.detail, kwargs={"pk": saved.pk}),
        template=entry.template,
        **{entry.name: obj},
    )


@login_required
def enterprise_list(request):
    require(permissions.can_view_registry(request.user))
    return filtered_list(
        request,
        EnterpriseFilterForm,
        ordered(selectors.enterprises_for, *selectors.LIST_ORDER),
        template="enterprises/enterprise_list.html",
        table="enterprises/_enterprise_table.html",
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
    return _create_page(request, _ENTERPRISE)


@login_required
def enterprise_edit(request, pk):
    return _edit_page(request, _ENTERPRISE, pk)


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
    _filters, queryset = filtered(request, EnterpriseFilterForm, selectors.enterprises_for)
    content, rows = registry_workbook(queryset)
    return exported_xlsx(
        request, content, stamped("enterprises"), **export_event("enterprises", rows=rows, query=request.GET)
    )


@login_required
def project_list(request):
    require(permissions.can_view_registry(request.user))
    return filtered_list(
        request,
        ProjectFilterForm,
        ordered(selectors.projects_for, *selectors.LIST_ORDER),
        template="enterprises/project_list.html",
        table="enterprises/_project_table.html",
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
    return _create_page(request, _PROJECT)


@login_required
def project_edit(request, pk):
    return _edit_page(request, _PROJECT, pk)
