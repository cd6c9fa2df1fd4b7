"""Bridge-loan pages: list (with its xlsx export), apply, detail with the moves, the letter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from core.actions import action_redirect, form_action
from core.audit_messages import export_event
from core.exceptions import Conflict
from core.list_pages import filtered, filtered_list
from core.permissions import require
from core.web import errors_to_form, exported_xlsx
from enterprises.models import Enterprise

from .. import permissions, selectors
from ..bridge_moves import COMMENTED_MOVES, DATA_MOVES
from ..fees import days_used, fee_for
from ..forms import BridgeApplyForm, BridgeApproveForm, BridgeConfirmForm, BridgeFilterForm, BridgeRepayForm
from ..models import AGE_LABELS
from ..services import bridge as svc
from ..workflow import BRIDGE_LOANS, TRANSITIONS
from ..xlsx import bridge_workbook


@login_required
def bridge_list(request):
    return filtered_list(
        request,
        BridgeFilterForm,
        selectors.bridge_loans_for,
        template="funds/bridge_list.html",
        can_apply=request.user.role in (Role.ENTERPRISE, Role.TOWN),
        age_labels=AGE_LABELS,
        title=_("过桥还贷"),
    )


@login_required
def bridge_export(request):
    _filters, loans = filtered(request, BridgeFilterForm, selectors.bridge_loans_for)
    content = bridge_workbook(loans)
    return exported_xlsx(
        request, content, "bridge-loans.xlsx", **export_event("bridge_loans", query=request.GET)
    )


def _applicable_enterprises(user):
    if user.role == Role.ENTERPRISE:
        return Enterprise.objects.filter(pk=user.enterprise_id)
    if user.role == Role.TOWN:
        return Enterprise.objects.filter(town_id=user.town_id).order_by("name")
    return Enterprise.objects.none()


@login_required
def bridge_apply(request):
    if request.user.role not in (Role.ENTERPRISE, Role.TOWN):
        raise PermissionDenied(_("只有企业本身或其所在街镇可以申请过桥资金。"))
    sub_fund = selectors.sub_fund_by_code("bridge")
    if sub_fund is None:
        messages.error(request, _("过桥还贷基金尚未设立。"))
        return redirect("funds:bridge_list")
    form = BridgeApplyForm(request.POST or None, enterprises=_applicable_enterprises(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = svc.bridge_apply(actor=request.user, sub_fund=sub_fund, **data)
        except Conflict as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("过桥资金申请已提交，等待街镇推荐。"))
            return redirect("funds:bridge_detail", pk=loan.pk)
    return render(request, "funds/bridge_apply.html", {"form": form, "sub_fund": sub_fund})


@login_required
def bridge_detail(request, pk):
    loan = selectors.bridge_loan_get(request.user, pk)
    moves = BRIDGE_LOANS.available(loan, request.user)
    fee = None
    if loan.disbursed_on:
        end = loan.repaid_on or max(timezone.localdate(), loan.disbursed_on)
        fee = fee_for(loan.sub_fund, loan.approved_amount, loan.disbursed_on, end)
    return render(
        request,
        "funds/bridge_detail.html",
        {
            "loan": loan,
            "moves": [m for m in moves if m.action not in ("confirm", "approve", "repay")],
            "can": {m.action for m in moves},
            "confirm_form": BridgeConfirmForm(initial={"renewal_on": loan.loan_due_on}),
            "approve_form": BridgeApproveForm(initial={"approved_amount": loan.amount}),
            "repay_form": BridgeRepayForm(
                initial={"repaid_on": timezone.localdate(), "renewed_on": timezone.localdate()}
            ),
            "fee": fee,
            "days": days_used(loan.disbursed_on, loan.repaid_on or timezone.localdate())
            if loan.disbursed_on
            else None,
            "events": loan.events.select_related("actor").order_by("created_at", "id"),
            "entries": selectors.entries_of(loan) if permissions.can_view_ledger(request.user) else None,
            "age_labels": AGE_LABELS,
        },
    )


# The moves with data take a form: its cleaned fields are the service's keyword arguments.
FORM_ACTIONS = {"confirm": BridgeConfirmForm, "approve": BridgeApproveForm, "repay": BridgeRepayForm}


@login_required
@require_POST
def bridge_action(request, pk, action):
    loan = selectors.bridge_loan_get(request.user, pk)
    if action not in TRANSITIONS or action == "overdue":
        raise Http404(_("未知操作。"))
    back = reverse("funds:bridge_detail", args=[pk])
    done = _("操作成功：%(action)s。") % {"action": TRANSITIONS[action].label}
    if action in FORM_ACTIONS:
        form_class, service = FORM_ACTIONS[action], DATA_MOVES[action][0]
        return form_action(
            request,
            form_class(request.POST, request.FILES),
            lambda data: service(actor=request.user, loan=loan, **data),
            done,
            back,
        )
    handler = COMMENTED_MOVES[action]
    comment = request.POST.get("comment", "")
    return action_redirect(
        request, lambda: handler(actor=request.user, loan=loan, comment=comment), done, back
    )


@login_required
def bridge_letter(request, pk):
    loan = selectors.bridge_loan_get(request.user, pk)
    require(permissions.can_download_letter(request.user, loan))
    if not loan.commitment_letter:
        raise Http404(_("尚未上传续贷承诺函。"))
    svc.letter_audit(actor=request.user, loan=loan)
    return FileResponse(
        loan.commitment_letter.open("rb"),
        as_attachment=True,
        filename=loan.commitment_letter_name or "letter.pdf",
    )
