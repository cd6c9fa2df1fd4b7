"""Scheme pages: the methods as they stand, the office's edits (audited in the services)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.permissions import require
from core.web import errors_to_form

from .. import permissions, selectors, services
from ..forms import IndicatorForm, SchemeForm
from ..models import Indicator, Scheme
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


@login_required
def scheme_edit(request, pk):
    require(permissions.can_manage(request.user))
    scheme = get_object_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    initial = {
        f: getattr(scheme, f)
        for f in ("name", "full_marks", "bands", "excellent_share_cap", "bonus_cap", "penalty_cap")
    }
    form = SchemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_update(actor=request.user, scheme=scheme, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            return redirect("assessment:scheme_detail", pk=scheme.pk)
    return render(
        request, "assessment/scheme_form.html", {"form": form, "scheme": scheme, "title": _("修改考核办法")}
    )


@login_required
def indicator_edit(request, pk):
    require(permissions.can_manage(request.user))
    indicator = get_object_or_404(Indicator.objects.select_related("scheme"), pk=pk)
    if not Scheme.objects.visible_to(request.user).filter(pk=indicator.scheme_id).exists():
        raise Http404("scheme")
    initial = {f: getattr(indicator, f) for f in ("name", "weight", "cap", "params", "source")}
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(actor=request.user, indicator=indicator, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            return redirect("assessment:scheme_detail", pk=indicator.scheme_id)
    return render(
        request,
        "assessment/scheme_form.html",
        {
            "form": form,
            "scheme": indicator.scheme,
            "title": _("修改指标：%(name)s") % {"name": indicator.name},
        },
    )
