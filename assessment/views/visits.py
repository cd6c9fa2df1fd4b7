"""Half-year site visit pages: the plan (office), each visitor's sheet, the ranking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import form_action
from core.permissions import require
from core.web import errors_to_form

from .. import permissions, selectors, services
from ..forms import VisitForm, VisitScoreForm
from ..models import SiteVisit, VisitSite
from .common import current_programme, reported


@login_required
def visit_list(request):
    require(permissions.can_view(request.user))
    return render(
        request,
        "assessment/visit_list.html",
        {"visits": selectors.visits_for(request.user), "can_manage": permissions.can_manage(request.user)},
    )


@login_required
def visit_create(request):
    require(permissions.can_manage(request.user))
    programme = current_programme()
    form = VisitForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            visit = services.visit_create(
                actor=request.user,
                programme=programme,
                year=d["year"],
                half=d["half"],
                title=d["title"],
                visit_on=d["visit_on"],
                nominations=list(d["nominations"]),
                members=list(d["members"]),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("观摩计划已建立。"))
            return redirect("assessment:visit_detail", pk=visit.pk)
    return render(request, "assessment/visit_form.html", {"form": form})


@login_required
def visit_detail(request, pk):
    require(permissions.can_view(request.user))
    visit = get_object_or_404(SiteVisit.objects.visible_to(request.user), pk=pk)
    members = selectors.visit_members(visit)
    member_ids = {u.pk for u in members}
    can_score = permissions.can_score_visit(request.user, visit, member_ids)
    mine = selectors.my_visit_scores(request.user, visit) if can_score else {}
    ranking = selectors.visit_ranking(visit)
    forms = []
    if can_score:
        for row in ranking:
            site = row["site"]
            score = mine.get(site.pk)
            initial = {f"p_{k}": v for k, v in (score.points if score else {}).items()}
            initial["note"] = score.note if score else ""
            forms.append(
                (site, VisitScoreForm(initial=initial, sheet=visit.sheet, prefix=f"s{site.pk}"), score)
            )
    return render(
        request,
        "assessment/visit_detail.html",
        {
            "visit": visit,
            "members": members,
            "ranking": ranking,
            "forms": forms,
            "can_close": permissions.can_manage(request.user) and visit.state == "scoring",
        },
    )


@login_required
@require_POST
def visit_score(request, pk):
    site = get_object_or_404(
        VisitSite.objects.filter(visit__in=SiteVisit.objects.visible_to(request.user)), pk=pk
    )
    form = VisitScoreForm(request.POST, sheet=site.visit.sheet, prefix=f"s{site.pk}")
    return form_action(
        request,
        form,
        lambda data: services.visit_score(
            actor=request.user, site=site, points=form.points(), note=data["note"]
        ),
        _("评分已保存。"),
        reverse("assessment:visit_detail", args=[site.visit_id]),
        invalid=_("请按评分表为每一项打分（不超过该项满分）。"),
    )


@login_required
@require_POST
def visit_close(request, pk):
    visit = get_object_or_404(SiteVisit.objects.visible_to(request.user), pk=pk)
    with reported(request, _("观摩评分已结束，排名已公布。")):
        services.visit_close(actor=request.user, visit=visit)
    return redirect("assessment:visit_detail", pk=pk)
