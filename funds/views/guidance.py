"""Guidance-fund pages (产业引导基金): investments with their co-investors, capital calls and
distributions, for the agency, 区金融办, 区财政局 and the office; the xlsx export of the investments."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_messages import export_event
from core.permissions import require
from core.web import exported_xlsx, page_of
from core.xlsx import WorkbookWriter

from .. import permissions_guarantees as permissions
from ..models.guidance import CapitalCall, Distribution, GuidanceInvestment, InvestmentState
from ..selectors import balances, sub_fund_by_code


def _investments(user, state: str = ""):
    qs = (
        GuidanceInvestment.objects.visible_to(user)
        .select_related("enterprise", "fund")
        .prefetch_related("co_investors")
    )
    if state in InvestmentState.values:
        qs = qs.filter(state=state)
    return qs.order_by("-invested_on", "-id")


@login_required
def guidance_list(request):
    require(permissions.can_view_guidance(request.user))
    state = request.GET.get("state", "")
    fund = sub_fund_by_code("guidance")
    return render(
        request,
        "funds/guidance_list.html",
        {
            "fund": fund,
            "ledger": balances(fund) if fund else {},
            "page": page_of(request, _investments(request.user, state)),
            "state": state,
            "states": InvestmentState.choices,
            "is_agency": permissions.is_agency(request.user),
            "calls": CapitalCall.objects.visible_to(request.user).prefetch_related("shares__contributor")[
                :10
            ],
            "distributions": Distribution.objects.visible_to(request.user).prefetch_related(
                "shares__contributor"
            )[:10],
        },
    )


@login_required
def guidance_export(request):
    require(permissions.can_view_guidance(request.user))
    book = WorkbookWriter()
    headers = [
        _("编号"), _("被投企业"), _("统一社会信用代码"), _("引导基金出资（元）"), _("社会资本出资（元）"),
        _("社会资本方"), _("投资日期"), _("状态"), _("退出日期"), _("退出收回（元）"), _("回购方"),
    ]  # fmt: skip
    sheet = book.sheet(_("引导基金投资"), headers=headers, text_columns=(3,))
    rows = _investments(request.user, request.GET.get("state", ""))
    for i in rows:
        sheet.append(
            [
                i.pk, i.enterprise.name, i.enterprise.uscc, i.amount, i.social_amount,
                "、".join(c.name for c in i.co_investors.all()), i.invested_on, i.get_state_display(),
                i.closed_on, i.proceeds, i.buyer,
            ]
        )  # fmt: skip
    event = export_event("guidance", rows=sheet.rows)
    return exported_xlsx(request, book.save(), f"guidance-{timezone.localdate():%Y%m%d}.xlsx", **event)
