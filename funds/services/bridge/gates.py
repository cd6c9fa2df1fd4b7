"""The gates of a bridge loan and who is told: amounts, the fund's caps and ratios, a paused fund,
the blacklist (locks the enterprise), the pool entry; the agency's, the applicant's and the bank's users;
and how a move of the loan posts its money (`post_loan_entry`)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core.exceptions import Conflict
from credit.gates import support_block_reason
from enterprises.models import Enterprise
from pools.models import Nomination

from ...models import AGENCY_DEPARTMENT, BridgeLoan, SubFund
from ..ledger import Line, post_entry

CENT = Decimal("0.01")


def money(value, field: str) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, AttributeError) as exc:
        raise ValidationError({field: _("请填写金额（元）。")}) from exc
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        raise ValidationError({field: _("金额须大于零，最多两位小数。")})
    return amount


def post_loan_entry(loan: BridgeLoan, lines: list[Line], *, actor, memo: str, on: date, kind: str) -> None:
    """A move's entry in the loan's sub-fund, posted once: keyed `bridge:<loan>:<kind>`. `memo` names
    the enterprise as %(name)s and the bank as %(bank)s."""
    memo %= {"name": loan.enterprise.name, "bank": loan.bank.name}
    key = f"bridge:{loan.pk}:{kind}"
    post_entry(loan.sub_fund, lines, caused_by=actor, obj=loan, memo=memo, date=on, kind=kind, key=key)


def loan_url(loan) -> str:
    return reverse("funds:bridge_detail", args=[loan.pk])


def agency_users() -> list:
    return list(User.objects.filter(role=Role.DEPARTMENT, department__code=AGENCY_DEPARTMENT, is_active=True))


def applicant_users(loan) -> list:
    return list(
        User.objects.filter(
            Q(role=Role.ENTERPRISE, enterprise_id=loan.enterprise_id)
            | Q(role=Role.TOWN, town_id=loan.town_id),
            is_active=True,
        )
    )


def bank_users(loan) -> list:
    return list(User.objects.filter(role=Role.BANK, bank_id=loan.bank_id, is_active=True))


def pool_entry_of(enterprise: Enterprise, sub_fund: SubFund) -> Nomination | None:
    """The enterprise's current entry (itself or one of its projects) in a pool of the fund's programme."""
    return (
        Nomination.objects.in_pool()
        .filter(programme_id=sub_fund.fund.programme_id)
        .filter(Q(enterprise_id=enterprise.pk) | Q(project__enterprise_id=enterprise.pk))
        .order_by("-year", "-decided_at", "-pk")
        .first()
    )


def refuse_blocked(enterprise_id: int) -> None:
    # Locked as the blacklist services lock it: a listing and a decision of the same enterprise take turns.
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    if reason := support_block_reason(enterprise):
        raise Conflict(reason)


def refuse_paused(sub_fund: SubFund) -> None:
    if sub_fund.paused:
        raise Conflict(
            _("%(fund)s已暂停新增业务：%(reason)s")
            % {"fund": sub_fund.name, "reason": sub_fund.paused_reason or "—"}
        )


def check_caps(sub_fund: SubFund, amount: Decimal, term_days: int, *, renewal_amount=None) -> None:
    cap = sub_fund.param("max_loan_amount")
    if cap is not None and amount > cap:
        raise ValidationError({"amount": _("单笔过桥资金不能超过 %(cap)s 元。") % {"cap": cap}})
    longest = sub_fund.param("max_term_days")
    if longest is not None and term_days > longest:
        raise ValidationError({"term_days": _("使用天数不能超过 %(days)s 天。") % {"days": longest}})
    share = sub_fund.param("renewal_share_max")
    if renewal_amount is not None and share is not None and amount > (renewal_amount * share).quantize(CENT):
        raise ValidationError(
            {
                "approved_amount": _("过桥资金不能超过银行续贷承诺额的 %(share)s%%（%(limit)s 元）。")
                % {"share": (share * 100).normalize(), "limit": (renewal_amount * share).quantize(CENT)}
            }
        )
