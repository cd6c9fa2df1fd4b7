from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors, services
from .forms import CREATABLE, EDITABLE, form_for
from .models import Department, Industry, LeadingIndustry, Park, Pool, Town
from .permissions import can_edit_programme
from .years import requested_year as _year


@login_required
def programme_detail(request, code=None):
    programme = selectors.programme_get(request.user, code)
    year = _year(request, programme)
    pools = list(selectors.pools_of(programme, year=year))
    paths = []
    for pool in pools:
        if not paths or paths[-1]["path"].pk != pool.path_id:
            paths.append({"path": pool.path, "pools": []})
        paths[-1]["pools"].append(pool)
    return render(
        request,
        "programs/programme_detail.html",
        {
            "programme": programme,
            "year": year,
            "paths": paths,
            "programmes": selectors.programmes_with_counts(request.user),
            "can_edit": can_edit_programme(request.user),
        },
    )


@login_required
def pool_detail(request, code, pool_code):
    programme = selectors.programme_get(request.user, code)
    pool = selectors.pool_get(programme, pool_code)
    return render(
        request,
        "programs/pool_detail.html",
        {
            "programme": programme,
            "pool": pool,
            "can_edit": can_edit_programme(request.user),
        },
    )


@login_required
def targets(request, code=None):
    programme = selectors.programme_get(request.user, code)
    indicators = list(selectors.indicators_of(programme))
    chart = []
    for ind in indicators:
        by_year = {t.year: t for t in ind.targets.all()}
        ind.year_targets = [by_year.get(y) for y in programme.years]
        chart.append(
            {
                "name": ind.name,
                "unit": ind.unit,
                "target": [str(t.target) if t and t.target is not None else None for t in ind.year_targets],
                "actual": [str(t.actual) if t and t.actual is not None else None for t in ind.year_targets],
            }
        )
    return render(
        request,
        "programs/targets.html",
        {
            "programme": programme,
            "indicators": indicators,
            "years": programme.years,
            "chart": chart,
            "can_edit": can_edit_programme(request.user),
        },
    )


@login_required
def reference(request):
    return render(
        request,
        "programs/reference.html",
        {
            "towns": Town.objects.visible_to(request.user),
            "departments": Department.objects.visible_to(request.user),
            "leading_industries": LeadingIndustry.objects.visible_to(request.user),
            "parks": Park.objects.visible_to(request.user).select_related("town", "leading_industry"),
            "industries": Industry.objects.visible_to(request.user),
            "can_edit": can_edit_programme(request.user),
        },
    )


# Where the office returns after editing each kind of record.
BACK_URL = {
    "programme": lambda o: reverse("programs:programme_of", args=[o.code]),
    "path": lambda o: reverse("programs:programme_of", args=[o.programme.code]),
    "pool": lambda o: reverse("programs:pool_detail", args=[o.programme.code, o.code]),
    "quota": lambda o: reverse("programs:pool_detail", args=[o.pool.programme.code, o.pool.code]),
    "criterion": lambda o: reverse("programs:pool_detail", args=[o.pool.programme.code, o.pool.code]),
    "indicator": lambda o: reverse("programs:targets_of", args=[o.programme.code]),
    "target": lambda o: reverse("programs:targets_of", args=[o.indicator.programme.code]),
}


def _back_url(kind: str, instance) -> str:
    if instance is None or kind not in BACK_URL:
        return reverse("programs:reference")
    return BACK_URL[kind](instance)


@login_required
def policy_record_edit(request, kind, pk=None):
    """One page edits any policy record the office may change (forms.EDITABLE)."""
    if kind not in EDITABLE or (pk is None and kind not in CREATABLE):
        raise Http404(kind)
    decision = can_edit_programme(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    model, _fields = EDITABLE[kind]
    instance = get_object_or_404(model, pk=pk) if pk is not None else None
    parent_pool = None
    if kind == "criterion" and instance is None:
        parent_pool = get_object_or_404(Pool, pk=request.GET.get("pool") or request.POST.get("pool"))
    form_class = form_for(kind)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            if instance is None:
                if parent_pool is not None:
                    data["pool"] = parent_pool
                instance = services.policy_record_create(actor=request.user, model_class=model, data=data)
            else:
                instance = services.policy_record_update(actor=request.user, instance=instance, data=data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("已保存。"))
            return redirect(_back_url(kind, instance))
    return render(
        request,
        "programs/policy_record_form.html",
        {
            "form": form,
            "kind": kind,
            "instance": instance,
            "model_name": model._meta.verbose_name,
            "parent_pool": parent_pool,
            "back_url": _back_url("pool", parent_pool) if parent_pool else _back_url(kind, instance),
        },
    )
