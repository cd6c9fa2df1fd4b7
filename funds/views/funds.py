"""Fund pages: the overview, the ledger (with its xlsx export), the trial balance, the rule parameters."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.list_pages import filtered
from core.permissions import require
from core.web import errors_to_form, errors_to_messages, exported_xlsx, page_of

from .. import permissions, selectors
from ..chart import ENTRY_KINDS
from ..forms import AsOfForm, LedgerFilterForm, params_form
from ..models import AGE_LABELS
from ..rules import params_of
from ..services.funds import params_update
from ..xlsx import ledger_workbook


def _sub_fund(code):
    sub_fund = selectors.sub_fund_by_code(code)
    if sub_fund is None:
        raise Http404(_("没有该子基金。"))
    return sub_fund


@login_required
def overview(request):
    require(permissions.can_view_ledger(request.user))
    filters = AsOfForm(request.GET or None)
    as_of = filters.as_of_value()
    return render(
        request,
        "funds/overview.html",
        {
            "filters": filters,
            "as_of": as_of,
            "figures": selectors.fund_figures_at(as_of) if as_of else selectors.fund_figures(),
            "bridge": selectors.bridge_overview(request.user, as_of),
            "age_labels": AGE_LABELS,
            "can_manage": permissions.can_manage_fund(request.user),
        },
    )


def _ledger(request, code):
    """(sub-fund, filters, entries) of a sub-fund's ledger as the request filters it: the page and
    its export read the same entries."""
    require(permissions.can_view_ledger(request.user))
    sub_fund = _sub_fund(code)
    filters, entries = filtered(
        request, LedgerFilterForm, partial(selectors.ledger_entries, sub_fund=sub_fund)
    )
    return sub_fund, filters, entries.prefetch_related("lines__account")


@login_required
def ledger(request, code):
    sub_fund, filters, entries = _ledger(request, code)
    return render(
        request,
        "funds/ledger.html",
        {
            "sub_fund": sub_fund,
            "filters": filters,
            "page": page_of(request, entries, 50),
            "kinds": ENTRY_KINDS,
        },
    )


@login_required
def ledger_export(request, code):
    sub_fund, _filters, entries = _ledger(request, code)
    content = ledger_workbook(sub_fund, entries)
    return exported_xlsx(
        request, content, f"ledger-{sub_fund.code}.xlsx", instance=sub_fund, event="export.ledger"
    )


@login_required
def trial_balance(request, code):
    require(permissions.can_view_ledger(request.user))
    sub_fund = _sub_fund(code)
    try:
        balance = selectors.trial_balance_asked(sub_fund, request.GET.get("date"))
    except ValidationError as exc:  # the day is no date: said, and the balance of all entries shown
        errors_to_messages(request, exc)
        balance = selectors.trial_balance_asked(sub_fund)
    return render(
        request,
        "funds/trial_balance.html",
        {
            "sub_fund": sub_fund,
            "rows": balance.rows,
            "on": balance.on,
            "debits": balance.debits,
            "credits": balance.credits,
        },
    )


@login_required
def params(request, code):
    require(permissions.can_view_ledger(request.user))
    sub_fund = _sub_fund(code)
    can_manage = permissions.can_manage_fund(request.user)
    form = params_form(sub_fund, request.POST or None)
    if request.method == "POST":
        require(can_manage)
        if form.is_valid():
            try:
                params_update(actor=request.user, sub_fund=sub_fund, values=form.cleaned_data)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("规则参数已保存。"))
                return redirect("funds:params", code=code)
    return render(
        request,
        "funds/params.html",
        {
            "sub_fund": sub_fund,
            "form": form,
            "can_manage": can_manage,
            "declared": params_of(sub_fund.kind),
            "contributors": sub_fund.contributors.all(),
        },
    )
