"""The overview, the scoring model and the blacklist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import run_action
from core.audit_messages import export_event
from core.list_pages import filtered, list_page
from core.permissions import require
from core.web import errors_to_form, exported_xlsx, page_of, stamped

from .. import permissions, selectors, services
from ..forms import (
    BlacklistAddForm,
    ModelPublishForm,
    RatingFilterForm,
    ReasonForm,
)
from ..models import BlacklistEntry, RecordKind, ScoringModel, is_credit_owner
from ..rating import active_model, rules_of
from ..scoring import GRADES

# --- overview, model, blacklist --------------------------------------------------------------------


@login_required
def overview(request):
    require(permissions.can_view_overview(request.user))
    dist = selectors.distribution(request.user)
    return render(
        request,
        "credit/overview.html",
        {
            "dist": dist,
            "grades": GRADES,
            "blacklist": selectors.blacklist_for(request.user)[:10],
            "blacklist_count": selectors.blacklist_for(request.user).count(),
            "changes": selectors.recent_changes(request.user),
            "model": active_model(),
            "chart": {
                "grades": [*GRADES, str(_("未评级"))],
                "towns": dist["by_town"],
                "industries": dist["by_industry"],
            },
            "can_rate": permissions.can_rate(request.user),
            "can_view_model": permissions.can_view_scoring_model(request.user),
            "can_manage_blacklist": permissions.can_manage_blacklist(request.user),
        },
    )


@login_required
def overview_export(request):
    from ..xlsx import ratings_workbook

    require(permissions.can_view_overview(request.user))
    _filters, enterprises = filtered(request, RatingFilterForm, selectors.enterprise_ratings_for)
    enterprises = enterprises.select_related("credit_status__manual_entry")
    content = ratings_workbook(enterprises=enterprises)
    return exported_xlsx(
        request, content, stamped("credit-ratings"), **export_event("credit_ratings", query=request.GET)
    )


@login_required
def model_page(request):
    require(permissions.can_view_scoring_model(request.user))
    versions = list(ScoringModel.objects.visible_to(request.user).select_related("published_by"))
    try:
        current = (
            ScoringModel.objects.get(version=int(request.GET["version"]))
            if "version" in request.GET
            else None
        )
    except (ValueError, ScoringModel.DoesNotExist) as exc:
        raise Http404("version") from exc
    current = current or active_model()
    kinds = list(RecordKind.objects.prefetch_related("departments"))
    rules = rules_of(current)
    form = None
    if permissions.can_publish_model(request.user):
        form = ModelPublishForm(request.POST or None, rules=rules_of(active_model()), kinds=kinds)
        if request.method == "POST" and form.is_valid():
            try:
                model = services.model_publish(
                    actor=request.user, rules=form.to_rules(), notes=form.cleaned_data["notes"]
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("已发布第 %(v)d 版评分模型，全部企业正在按新模型重新评级。") % {"v": model.version},
                )
                return redirect("credit:model")
    elif request.method == "POST":
        raise PermissionDenied(permissions.can_publish_model(request.user).reason)
    kind_rows = []
    for kind in kinds:
        rule = rules.kinds.get(kind.code)
        kind_rows.append(
            {
                "kind": kind,
                "rule": rule,
                "points": [
                    (label, rule.points.get(code) if rule else None) for code, label in kind.severities
                ],
            }
        )
    return render(
        request,
        "credit/model.html",
        {
            "model": current,
            "rules": rules,
            "kind_rows": kind_rows,
            "versions": versions,
            "form": form,
            "decay": rules.decay,
            "bands": rules.bands,
        },
    )


@login_required
def blacklist(request):
    require(permissions.can_view_overview(request.user))
    can_manage = permissions.can_manage_blacklist(request.user)
    form = BlacklistAddForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        require(can_manage)
        if form.is_valid():
            try:
                services.blacklist_add(
                    actor=request.user, enterprise=form.enterprise, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("已将“%(name)s”列入黑名单。") % {"name": form.enterprise.name})
                return redirect("credit:blacklist")
    source = request.GET.get("source", "")
    page = page_of(
        request, selectors.blacklist_for(request.user, search=request.GET.get("q", ""), source=source)
    )
    return list_page(
        request,
        template="credit/blacklist.html",
        table="credit/_blacklist_table.html",
        page=page,
        form=form,
        can_manage=can_manage,
        source=source,
        q=request.GET.get("q", ""),
        remove_form=ReasonForm(),
        owner=is_credit_owner(request.user),
        history=selectors.manual_entries(request.user).filter(removed_at__isnull=False)[:10],
    )


@login_required
@require_POST
def blacklist_remove(request, pk):
    require(permissions.can_manage_blacklist(request.user))
    entry = get_object_or_404(BlacklistEntry, pk=pk)
    run_action(
        request,
        lambda: services.blacklist_remove(
            actor=request.user, entry=entry, reason=request.POST.get("reason", "")
        ),
        success=_("已将“%(name)s”移出人工黑名单。") % {"name": entry.enterprise.name},
    )
    return redirect("credit:blacklist")
