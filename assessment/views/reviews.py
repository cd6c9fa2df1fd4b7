"""Quarterly review pages: generate (office), edit a rating, confirm; towns and departments read theirs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import form_action
from core.permissions import require

from .. import permissions, selectors, services
from ..forms import RatingEditForm, ReviewGenerateForm
from ..models import Colour, QuarterlyReview, ReviewRating
from ..workflow_assessment import REVIEWS
from .common import current_programme, reported


@login_required
def review_list(request):
    require(permissions.can_view(request.user))
    can_manage = permissions.can_manage(request.user)
    today = timezone.localdate()
    form = (
        ReviewGenerateForm(initial={"year": today.year, "quarter": (today.month - 1) // 3 + 1})
        if can_manage
        else None
    )
    return render(
        request,
        "assessment/review_list.html",
        {"reviews": selectors.reviews_for(request.user), "form": form, "can_manage": can_manage},
    )


@login_required
@require_POST
def review_generate(request):
    require(permissions.can_manage(request.user))
    return form_action(
        request,
        ReviewGenerateForm(request.POST),
        lambda data: services.quarterly_review_generate(
            actor=request.user, programme=current_programme(), year=data["year"], quarter=data["quarter"]
        ),
        _("已按规则生成点评建议，请逐项确认。"),
        "assessment:review_list",
        invalid=_("请填写年度和季度。"),
        made="assessment:review_detail",
    )


@login_required
def review_detail(request, pk):
    require(permissions.can_view(request.user))
    review = get_object_or_404(QuarterlyReview.objects.visible_to(request.user), pk=pk)
    colour = request.GET.get("colour", "")
    ratings = list(
        selectors.ratings_for(request.user, review, colour=colour if colour in Colour.values else "")
    )
    editable = bool(permissions.can_manage(request.user)) and review.state == "draft"
    rows = [
        (
            r,
            RatingEditForm(initial={"colour": r.colour, "comment": r.comment}, prefix=f"r{r.pk}")
            if editable
            else None,
        )
        for r in ratings
    ]
    return render(
        request,
        "assessment/review_detail.html",
        {
            "review": review,
            "rows": rows,
            "editable": editable,
            "moves": REVIEWS.available(review, request.user),
        },
    )


@login_required
@require_POST
def rating_update(request, pk):
    require(permissions.can_manage(request.user))
    rating = get_object_or_404(ReviewRating.objects.visible_to(request.user), pk=pk)
    return form_action(
        request,
        RatingEditForm(request.POST, prefix=f"r{rating.pk}"),
        lambda data: services.review_rating_update(actor=request.user, rating=rating, **data),
        _("已修改“%(unit)s”的点评。") % {"unit": rating.unit_name},
        reverse("assessment:review_detail", args=[rating.review_id]),
        invalid=_("请选择评价并填写点评意见。"),
    )


@login_required
@require_POST
def review_confirm(request, pk):
    review = get_object_or_404(QuarterlyReview.objects.visible_to(request.user), pk=pk)
    with reported(request, _("点评已确认，已通知各街镇和部门。")):
        services.review_confirm(actor=request.user, review=review, comment=request.POST.get("comment", ""))
    return redirect("assessment:review_detail", pk=pk)


@login_required
def rules(request):
    """The review rules and escalation rules of the current programme, each editable by the office."""
    from ..forms import EscalationRuleForm, ReviewRuleForm
    from ..models import EscalationRule, ReviewRule

    require(permissions.can_manage(request.user))
    programme = current_programme()
    review_rules = [
        (r, ReviewRuleForm(instance=r, prefix=f"r{r.pk}"))
        for r in ReviewRule.objects.filter(programme=programme)
    ]
    escalation = [
        (r, EscalationRuleForm(instance=r, prefix=f"e{r.pk}"))
        for r in EscalationRule.objects.filter(programme=programme)
    ]
    return render(
        request, "assessment/review_rules.html", {"review_rules": review_rules, "escalation": escalation}
    )


@login_required
@require_POST
def rule_edit(request, kind, pk):
    from ..forms import EscalationRuleForm, ReviewRuleForm
    from ..models import EscalationRule, ReviewRule

    require(permissions.can_manage(request.user))
    model, form_class, prefix = (
        (ReviewRule, ReviewRuleForm, "r") if kind == "review" else (EscalationRule, EscalationRuleForm, "e")
    )
    rule = get_object_or_404(model, pk=pk, programme=current_programme())
    form = form_class(request.POST, instance=model.objects.get(pk=rule.pk), prefix=f"{prefix}{rule.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    else:
        with reported(request, _("规则“%(code)s”已修改。") % {"code": rule.code}):
            services.rule_update(actor=request.user, rule=rule, **form.cleaned_data)
    return redirect("assessment:review_rules")
