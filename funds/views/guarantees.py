"""Guarantee pages: the bank's own guarantees and claims, the agency's queue and decisions, the
lists and figures of the office, 区金融办 and 区财政局, and the xlsx export of the list."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import form_action, form_page
from core.audit_messages import export_event
from core.list_pages import filtered
from core.permissions import require
from core.web import exported_xlsx, page_of
from core.xlsx import WorkbookWriter

from .. import permissions_guarantees as permissions
from .. import selectors_guarantees as selectors
from ..forms_guarantees import GuaranteeFilterForm, GuaranteeForm, MoveForm, RecoveryForm
from ..selectors import entries_of, sub_fund_by_code
from ..services import guarantees as services
from ..workflow_guarantees import GUARANTEES


def _fund():
    fund = sub_fund_by_code("guarantee")
    if fund is None:
        raise Http404
    return fund


@login_required
def guarantee_list(request):
    require(permissions.can_view_guarantees(request.user))
    filters, guarantees = filtered(request, GuaranteeFilterForm, selectors.guarantees_for)
    fund = sub_fund_by_code("guarantee")
    page = page_of(request, guarantees)
    reader = fund is not None and permissions.is_fund_reader(request.user)
    as_of = filters.selector_kwargs().get("as_of")
    return render(
        request,
        "funds/guarantee_list.html",
        {
            "filters": filters,
            "page": page,
            "fund": fund,
            # today's figures, or with 截至日期 the exposure in force at that day's end
            "figures": selectors.guarantee_figures(fund) if reader and not as_of else None,
            "figures_at": selectors.exposure_at(fund, as_of) if reader and as_of else None,
            "can_create": permissions.can_create_guarantee(request.user),
            "is_agency": permissions.is_agency(request.user),
        },
    )


@login_required
def guarantee_export(request):
    require(permissions.can_view_guarantees(request.user))
    _filters, rows = filtered(request, GuaranteeFilterForm, selectors.guarantees_for)
    book = WorkbookWriter()
    headers = [
        _("编号"), _("贷款银行"), _("借款企业"), _("统一社会信用代码"), _("借款合同编号"), _("贷款本金（元）"),
        _("贷款起始日"), _("贷款到期日"), _("担保费率（年）"), _("担保费（元）"), _("银行分担比例"),
        _("担保基金分担比例"), _("其他分担比例"), _("担保责任余额（元）"), _("状态"),
    ]  # fmt: skip
    sheet = book.sheet(_("融资担保"), headers=headers, text_columns=(4, 5))
    count = 0
    for g in rows.iterator(chunk_size=500):
        sheet.append(
            [
                g.pk, g.bank.name, g.enterprise.name, g.enterprise.uscc, g.loan_contract, g.principal,
                g.loan_start, g.loan_end, g.fee_rate, g.fee_amount, g.bank_share, g.fund_share,
                g.other_share, g.exposure, g.get_state_display(),
            ]
        )  # fmt: skip
        count += 1
    event = export_event("guarantees", rows=count)
    return exported_xlsx(request, book.save(), f"guarantees-{timezone.localdate():%Y%m%d}.xlsx", **event)


@login_required
def guarantee_create(request):
    require(permissions.can_create_guarantee(request.user))
    fund = _fund()
    form = GuaranteeForm(request.POST or None)

    return form_page(
        request,
        form,
        lambda _data: services.guarantee_create(actor=request.user, fund=fund, **form.service_kwargs()),
        success=lambda guarantee: _("已提交“%(name)s”的融资担保申请。") % {"name": guarantee.enterprise.name},
        then=lambda guarantee: reverse("guarantees:detail", kwargs={"pk": guarantee.pk}),
        template="funds/guarantee_form.html",
        fund=fund,
    )


@login_required
def guarantee_detail(request, pk):
    guarantee = selectors.guarantee_get(request.user, pk)
    user = request.user
    claims = list(guarantee.claims.prefetch_related("recoveries"))
    return render(
        request,
        "funds/guarantee_detail.html",
        {
            "guarantee": guarantee,
            "moves": GUARANTEES.available(guarantee, user),
            "events": guarantee.events.select_related("actor"),
            "claims": claims,
            "entries": entries_of(guarantee) if permissions.is_fund_reader(user) else None,
            "move_form": MoveForm(initial={"outstanding_principal": guarantee.principal}),
            "recovery_form": RecoveryForm(),
            "can_recover": guarantee.state == "compensated"
            and permissions.can_record_recovery(user, guarantee),
        },
    )


@login_required
@require_POST
def guarantee_move(request, pk, action):
    guarantee = selectors.guarantee_get(request.user, pk)
    if action not in GUARANTEES:
        raise Http404
    require(GUARANTEES.allowed(request.user, guarantee, action))
    form = MoveForm(request.POST)
    return form_action(
        request,
        form,
        lambda _data: services.guarantee_transition(
            actor=request.user, guarantee=guarantee, action=action, **form.service_kwargs(action)
        ),
        _("已%(action)s。") % {"action": GUARANTEES[action].label},
        reverse("guarantees:detail", args=[pk]),
    )


@login_required
@require_POST
def recovery_create(request, pk):
    guarantee = selectors.guarantee_get(request.user, pk)
    require(permissions.can_record_recovery(request.user, guarantee))
    return form_action(
        request,
        RecoveryForm(request.POST),
        lambda data: services.recovery_record(actor=request.user, guarantee=guarantee, **data),
        lambda recovery: (
            _("已登记追偿款 %(amount)s 元，基金分得 %(fund)s 元。")
            % {"amount": recovery.amount, "fund": recovery.fund_amount}
        ),
        reverse("guarantees:detail", args=[pk]),
    )


@login_required
def agency_queue(request):
    if not permissions.is_agency(request.user):
        require(permissions.can_record_recovery(request.user, None))  # the agency's sentence
    return render(request, "funds/guarantee_queue.html", selectors.agency_queue(request.user))


@login_required
def claim_list(request):
    require(permissions.can_view_guarantees(request.user))
    page = page_of(request, selectors.claims_for(request.user, state=request.GET.get("state", "")[:10]))
    return render(request, "funds/guarantee_claims.html", {"page": page, "today": timezone.localdate()})
