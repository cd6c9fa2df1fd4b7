"""Scheme pages: the methods as they stand, the office's edits (audited in the services)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.actions import run_form
from core.permissions import require

from .. import permissions, selectors, services
from ..forms import IndicatorForm, SchemeForm
from ..models import Indicator, Scheme
from ..services.scoring import INDICATOR_EDITABLE
from .common import current_programme


@login_required
def scheme_list(request):
    require(permissions.can_view(request.user))
    programme = current_programme()
    schemes = list(selectors.schemes_for(request.user, programme)) if programme else []
    return render(request, "assessment/scheme_list.html", {"schemes": schemes, "programme": programme})


@login_required
def scheme_detail(request, pk):
    require(permissions.can_view(request.user))
    scheme = get_object_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    indicators = list(scheme.indicators.select_related("rater_department"))
    return render(
        request,
        "assessment/scheme_detail.html",
        {
            "scheme": scheme,
            "indicators": indicators,
            "weight_problem": services.base_weight_problem(scheme, indicators),
            "can_manage": permissions.can_manage(request.user),
        },
    )


def _edit_page(request, instance, *, form_class, fields, save, scheme, title: str):
    """The office's edit of a scheme or one of its indicators: the form filled from the row; once the
    service has saved it, back to the scheme, else the form again with the service's refusals."""
    form = form_class(request.POST or None, initial={f: getattr(instance, f) for f in fields})
    if request.method == "POST" and run_form(form, save) is not None:
        return redirect("assessment:scheme_detail", pk=scheme.pk)
    return render(request, "assessment/scheme_form.html", {"form": form, "scheme": scheme, "title": title})


@login_required
def scheme_edit(request, pk):
    require(permissions.can_manage(request.user))
    scheme = get_object_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    return _edit_page(
        request,
        scheme,
        form_class=SchemeForm,
        fields=("name", "full_marks", "bands", "excellent_share_cap", "bonus_cap", "penalty_cap"),
        save=lambda data: services.scheme_update(actor=request.user, scheme=scheme, **data),
        scheme=scheme,
        title=_("修改考核办法"),
    )


@login_required
def indicator_edit(request, pk):
    require(permissions.can_manage(request.user))
    indicator = get_object_or_404(Indicator.objects.select_related("scheme"), pk=pk)
    if not Scheme.objects.visible_to(request.user).filter(pk=indicator.scheme_id).exists():
        raise Http404("scheme")
    return _edit_page(
        request,
        indicator,
        form_class=IndicatorForm,
        fields=INDICATOR_EDITABLE,
        save=lambda data: services.indicator_update(actor=request.user, indicator=indicator, **data),
        scheme=indicator.scheme,
        title=_("修改指标：%(name)s") % {"name": indicator.name},
    )
