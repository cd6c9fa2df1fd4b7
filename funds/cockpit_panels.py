"""The cockpit's money panel (资金): each sub-fund's size, paid-in, deployed, outstanding, available cash
and leverage (the guarantee fund's 放大倍数 = exposure / net capital), the bridge loans overdue by age
band, and whether a fund is paused; alerts when a fund is paused or within 10% of a cap.

Read live from the ledger's balance rows (AccountBalance is a summary table kept by the ledger) and a
few aggregates: a fixed number of queries whatever the activity, so `refresh` has nothing to write.
Only the users who may read the fund overview (the office, 基金管理机构, 区金融办, 区财政局) get it.

The balance rows are current: the panel shows today's figures whatever month is chosen, and says so
(`as_of` is today, `current_only` set); balances at a past month's end are not kept yet.
"""

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AGE_BUCKETS, AGE_LABELS, AccountBalance, BridgeLoan, BridgeLoanState, SubFundKind
from .models.guarantees import IN_FORCE, Guarantee
from .permissions import is_fund_overseer

ZERO = Decimal("0")
NEAR = Decimal("0.9")
_UNSET = object()  # an alert once a figure reaches 90% of its cap


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return (numerator / denominator).quantize(Decimal("0.01")) if denominator > 0 else None


def _lent_url(kind: str, code: str) -> str:
    if kind == SubFundKind.BRIDGE:
        return _url("funds:bridge_list")
    if kind == SubFundKind.GUARANTEE:
        return _url("guarantees:list")
    return _url("funds:ledger", code)


def _bridge_figures(bridge, outstanding: Decimal) -> dict:
    """Overdue loans by age band and their share of the loans outstanding: one aggregate."""
    aggregates = {}
    for code, low, high in AGE_BUCKETS:
        condition = Q(state=BridgeLoanState.OVERDUE, overdue_days__gte=low)
        if high is not None:
            condition &= Q(overdue_days__lte=high)
        aggregates[f"n_{code}"] = Count("id", filter=condition)
        aggregates[f"amount_{code}"] = Coalesce(Sum("approved_amount", filter=condition), ZERO)
    aggregates["overdue"] = Coalesce(Sum("approved_amount", filter=Q(state=BridgeLoanState.OVERDUE)), ZERO)
    aggregates["n_overdue"] = Count("id", filter=Q(state=BridgeLoanState.OVERDUE))
    totals = BridgeLoan.objects.filter(sub_fund=bridge).order_by().aggregate(**aggregates)
    limit = bridge.param("overdue_share_limit")
    share = (totals["overdue"] / outstanding).quantize(Decimal("0.0001")) if outstanding > 0 else ZERO
    return {
        "ages": [
            {
                "code": code,
                "label": AGE_LABELS[code],
                "n": totals[f"n_{code}"],
                "amount": totals[f"amount_{code}"],
                "url": _url("funds:bridge_list", age=code),
            }
            for code, _low, _high in AGE_BUCKETS
        ],
        "overdue": totals["overdue"],
        "n_overdue": totals["n_overdue"],
        "overdue_url": _url("funds:bridge_list", state=BridgeLoanState.OVERDUE),
        "share": share,
        "limit": limit,
        "near_limit": limit is not None and limit > 0 and share >= limit * NEAR,
    }


def _guarantee_figures(guarantee, balances: dict) -> dict:
    """放大倍数 = the exposure of the guarantees in force / net capital (assets less liabilities, from
    the balance rows already read): one aggregate."""
    exposure = Guarantee.objects.filter(fund=guarantee, state__in=IN_FORCE).aggregate(
        total=Coalesce(Sum("exposure"), ZERO)
    )["total"]
    net = sum(
        (b["balance"] if b["kind"] == "asset" else -b["balance"])
        for b in balances.values()
        if b["kind"] in ("asset", "liability")
    )
    leverage = _ratio(exposure, net)
    cap = guarantee.param("amplification_cap")
    return {
        "exposure": exposure,
        "net_capital": net,
        "leverage": leverage,
        "cap": cap,
        "near_cap": leverage is not None and cap is not None and cap > 0 and leverage >= cap * NEAR,
        "url": _url("guarantees:list"),
    }


def money_figures() -> dict | None:
    """Every figure of the panel. Seven queries, whatever the number of loans, guarantees or entries."""
    from .selectors import fund_figures

    figures = fund_figures()  # four queries: the programme, sub-funds, balances, contributors
    if not figures:
        return None
    subs = [f.sub_fund for f in figures]
    rows: dict[int, dict[str, dict]] = {}
    stamp = None
    for b in AccountBalance.objects.filter(sub_fund__in=subs).values(
        "sub_fund_id", "code", "kind", "balance", "updated_at"
    ):
        rows.setdefault(b["sub_fund_id"], {})[b["code"]] = b
        stamp = b["updated_at"] if stamp is None or b["updated_at"] > stamp else stamp
    funds, bridge, guarantee = [], None, None
    for f in figures:
        s = f.sub_fund
        row = {
            "sub_fund": s,
            "size": f.size,
            "paid_in": f.paid_in,
            "deployed": f.deployed,
            "outstanding": f.outstanding,
            "available": f.available,
            "leverage": f.leverage,
            "paused": s.paused,
            "paused_reason": s.paused_reason,
            "overview_url": _url("funds:overview"),
            "ledger_url": _url("funds:ledger", s.code),
            "lent_url": _lent_url(s.kind, s.code),
        }
        if s.kind == SubFundKind.BRIDGE and bridge is None:
            bridge = _bridge_figures(s, f.outstanding)
            row["outstanding_url"] = _url("funds:bridge_list", state=BridgeLoanState.DISBURSED)
        if s.kind == SubFundKind.GUARANTEE and guarantee is None:
            guarantee = _guarantee_figures(s, rows.get(s.pk, {}))
            row["leverage"] = guarantee["leverage"]
            row["outstanding"] = guarantee["exposure"]
        funds.append(row)
    return {
        "template": "cockpit/panels/money.html",
        "as_of": timezone.localdate(),
        "current_only": True,
        "stamp": stamp or timezone.now(),
        "funds": funds,
        "bridge": bridge,
        "guarantee": guarantee,
        "overview_url": _url("funds:overview"),
    }


def money_alerts(data: dict | None) -> list[dict]:
    if not data:
        return []
    out = []
    for row in data["funds"]:
        if row["paused"]:
            message = _("%(fund)s已暂停新增。") % {"fund": row["sub_fund"].name}
            if row["paused_reason"]:
                message = f"{message}{row['paused_reason']}"
            out.append({"message": message, "url": row["overview_url"], "kind": "fund_paused"})
    guarantee = data["guarantee"]
    if guarantee and guarantee["near_cap"]:
        out.append(
            {
                "message": _("融资担保基金放大倍数为%(leverage)s倍，已接近%(cap)s倍的上限。")
                % {"leverage": guarantee["leverage"], "cap": guarantee["cap"].normalize()},
                "url": guarantee["url"],
                "kind": "guarantee_cap",
            }
        )
    bridge = data["bridge"]
    if bridge and bridge["near_limit"]:
        out.append(
            {
                "message": _("过桥资金逾期余额占在贷余额%(share)s%%，已接近%(limit)s%%的暂停上限。")
                % {
                    "share": (bridge["share"] * 100).quantize(Decimal("0.01")),
                    "limit": (bridge["limit"] * 100).normalize(),
                },
                "url": bridge["overdue_url"],
                "kind": "bridge_overdue_share",
            }
        )
    return out


class MoneyPanel:
    code = "money"
    title = gettext_lazy("资金")
    order = 10

    refresh_on = [BridgeLoan, Guarantee]

    def refresh(self, *, year: int, today: date) -> None:
        """Nothing to write: the panel reads the ledger's balance rows, kept by every posting."""

    def context(self, *, user, year: int, month: int, as_of: date | None = None) -> dict | None:
        if not is_fund_overseer(user):
            return None
        data = money_figures()
        # the cockpit asks for the alerts right after the context: they reuse these figures
        user._cockpit_money = data
        return data

    def alerts(self, *, user, year: int, month: int, as_of: date | None = None) -> list[dict]:
        if not is_fund_overseer(user):
            return []
        data = getattr(user, "_cockpit_money", _UNSET)
        if data is not _UNSET:
            del user._cockpit_money
        return money_alerts(money_figures() if data is _UNSET else data)


PANELS = [MoneyPanel()]
