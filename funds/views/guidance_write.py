"""The fund agency's write pages of the guidance fund (产业引导基金): a new investment with its social
co-investors, an exit, the 让利 buy-back, a capital call and its payments, a distribution. The forms
are thin; the services validate, audit and post the ledger entries."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import form_action, form_page
from core.permissions import require

from .. import permissions_guarantees as permissions
from ..forms_guidance import (
    BuybackForm,
    CallPaymentForm,
    CapitalCallForm,
    DistributionForm,
    ExitForm,
    InvestmentForm,
)
from ..models.guidance import CapitalCallShare, GuidanceInvestment, InvestmentState
from ..selectors import sub_fund_by_code
from ..services import guidance as services


def _fund():
    fund = sub_fund_by_code("guidance")
    if fund is None:
        raise Http404
    return fund


def _form_page(request, form, write, *, title: str, done, context=None):
    """GET shows the form; a valid POST calls `write(cleaned_data)`: its refusals shown beside the
    fields (ValidationError) or above them (Conflict), its success as `done(result)` and back to the list."""
    return form_page(
        request,
        form,
        lambda _data: write(form),
        success=done,
        then="guidance:list",
        template="funds/guidance_form.html",
        title=title,
        **(context or {}),
    )


def _fund_page(request, form_class, service, *, title: str, done, kwargs=lambda form: form.cleaned_data):
    """A write on the guidance fund itself (an investment, a capital call, a distribution)."""
    require(permissions.can_manage_guidance(request.user))
    fund = _fund()
    return _form_page(
        request,
        form_class(request.POST or None),
        lambda form: service(actor=request.user, fund=fund, **kwargs(form)),
        title=title,
        done=done,
        context={"fund": fund},
    )


def _held(request, pk) -> GuidanceInvestment:
    return get_object_or_404(
        GuidanceInvestment.objects.visible_to(request.user).select_related("enterprise", "fund"), pk=pk
    )


@login_required
def investment_create(request):
    return _fund_page(
        request,
        InvestmentForm,
        services.investment_create,
        title=_("新增股权投资"),
        done=lambda i: (
            _("已登记对“%(name)s”的投资 %(amount)s 元。") % {"name": i.enterprise.name, "amount": i.amount}
        ),
        kwargs=lambda form: form.service_kwargs(),
    )


@login_required
def investment_exit(request, pk):
    require(permissions.can_manage_guidance(request.user))
    investment = _held(request, pk)
    return _form_page(
        request,
        ExitForm(request.POST or None),
        lambda form: services.investment_exit(actor=request.user, investment=investment, **form.cleaned_data),
        title=_("投资退出"),
        done=lambda i: (
            _("“%(name)s”的投资已退出，收回 %(amount)s 元。")
            % {"name": i.enterprise.name, "amount": i.proceeds}
        ),
        context={"investment": investment},
    )


@login_required
def investment_buyback(request, pk):
    require(permissions.can_manage_guidance(request.user))
    investment = _held(request, pk)
    price = None
    if investment.state == InvestmentState.HELD:
        price = services.buyback_price(investment, investment.fund, timezone.localdate())
    return _form_page(
        request,
        BuybackForm(request.POST or None),
        lambda form: services.investment_buyback(
            actor=request.user, investment=investment, **form.cleaned_data
        ),
        title=_("让利回购"),
        done=lambda i: (
            _("%(buyer)s已按让利条件回购“%(name)s”的份额，回购价 %(amount)s 元。")
            % {"buyer": i.buyer, "name": i.enterprise.name, "amount": i.proceeds}
        ),
        context={"investment": investment, "price": price},
    )


@login_required
def capital_call_create(request):
    return _fund_page(
        request,
        CapitalCallForm,
        services.capital_call_create,
        title=_("发出缴款通知"),
        done=lambda c: _("已发出缴款通知，共 %(amount)s 元，按出资人未缴认缴额分摊。") % {"amount": c.amount},
    )


@login_required
@require_POST
def capital_call_pay(request, pk):
    require(permissions.can_manage_guidance(request.user))
    share = get_object_or_404(CapitalCallShare.objects.select_related("contributor"), pk=pk)
    return form_action(
        request,
        CallPaymentForm(request.POST),
        lambda data: services.capital_call_pay(actor=request.user, share=share, **data),
        lambda paid: (
            _("已登记%(name)s实缴 %(amount)s 元。") % {"name": paid.contributor.name, "amount": paid.amount}
        ),
        "guidance:list",
    )


@login_required
def distribution_create(request):
    return _fund_page(
        request,
        DistributionForm,
        services.distribution_create,
        title=_("收益分配"),
        done=lambda d: _("已按出资比例分配 %(amount)s 元。") % {"amount": d.amount},
    )
