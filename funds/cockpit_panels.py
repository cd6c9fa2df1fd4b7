"""The cockpit's money panel (资金), as figures: each sub-fund's size, paid-in, deployed, outstanding,
available cash and leverage (the guarantee fund's 放大倍数 = exposure / net capital), the bridge
loans overdue by age band, and whether a fund is paused; alerts when a fund is paused or within 10% of
a cap.

The figures stand at a month's end: they come from the cockpit's monthly rows (cockpit.FundMonth,
written by its refresh from funds.selectors.figures_at), which this module reads as plain objects
(it sits below the cockpit and cannot import it). Every link carries the month end as `as_of` (or
`until`), so the list it opens counts the state at that day's end: the same number as the panel.
"""

from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import AGE_BUCKETS, AGE_LABELS, BridgeLoanState, SubFundKind
from .models.guarantees import GuaranteeState

ZERO = Decimal("0")
NEAR = Decimal("0.9")  # an alert once a figure reaches 90% of its cap
# the monthly row's fields of each age band
AGE_FIELDS = {"1-3": "overdue_1", "4-10": "overdue_4", ">10": "overdue_11"}


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return (numerator / denominator).quantize(Decimal("0.01")) if denominator > 0 else None


def _in_force_url(as_of) -> str:
    """The guarantees in force at the end of `as_of`: their fund share is the panel's exposure."""
    return _url("guarantees:list", state=GuaranteeState.ACTIVE, as_of=as_of.isoformat())


def _lent_url(kind: str, code: str, as_of) -> str:
    """Bridge: the loans lent by then (their sum is 累计投放); guarantee: those in force then."""
    if kind == SubFundKind.BRIDGE:
        return _url("funds:bridge_list", as_of=as_of.isoformat())
    if kind == SubFundKind.GUARANTEE:
        return _in_force_url(as_of)
    return _url("funds:ledger", code, until=as_of.isoformat())


def _bridge_figures(row, as_of) -> dict:
    """Overdue loans by age band at the month's end and their share of the loans outstanding then."""
    day = as_of.isoformat()
    ages = [
        {
            "code": code,
            "label": AGE_LABELS[code],
            "n": getattr(row, f"n_{AGE_FIELDS[code]}"),
            "amount": getattr(row, AGE_FIELDS[code]),
            "url": _url("funds:bridge_list", age=code, as_of=day),
        }
        for code, _low, _high in AGE_BUCKETS
    ]
    overdue = sum((a["amount"] for a in ages), ZERO)
    limit = row.sub_fund.param("overdue_share_limit")
    share = (overdue / row.outstanding).quantize(Decimal("0.0001")) if row.outstanding > 0 else ZERO
    return {
        "ages": ages,
        "overdue": overdue,
        "n_overdue": sum(a["n"] for a in ages),
        "overdue_url": _url("funds:bridge_list", state=BridgeLoanState.OVERDUE, as_of=day),
        "share": share,
        "limit": limit,
        "near_limit": limit is not None and limit > 0 and share >= limit * NEAR,
    }


def _guarantee_figures(row, as_of) -> dict:
    """放大倍数 = the exposure of the guarantees in force / net capital (assets less liabilities)."""
    leverage = _ratio(row.exposure, row.net_capital)
    cap = row.sub_fund.param("amplification_cap")
    return {
        "exposure": row.exposure,
        "net_capital": row.net_capital,
        "leverage": leverage,
        "cap": cap,
        "near_cap": leverage is not None and cap is not None and cap > 0 and leverage >= cap * NEAR,
        "url": _in_force_url(as_of),
    }


def money_figures(rows: list, as_of, stamp) -> dict | None:
    """Every figure of the panel from the monthly rows of one month (one per sub-fund, with its
    `sub_fund` loaded), in the sub-funds' order. None when there is no row."""
    if not rows:
        return None
    funds, bridge, guarantee = [], None, None
    for r in rows:
        s = r.sub_fund
        row = {
            "sub_fund": s,
            "size": r.size,
            "paid_in": r.paid_in,
            "deployed": r.deployed,
            "outstanding": r.outstanding,
            "available": r.available,
            "leverage": _ratio(r.deployed, r.paid_in),
            "has_entries": r.has_entries,
            "paused": bool(r.paused),
            "paused_reason": s.paused_reason if r.paused else "",
            "overview_url": _url("funds:overview", as_of=as_of.isoformat()),
            "ledger_url": _url("funds:ledger", s.code, until=as_of.isoformat()),
            "lent_url": _lent_url(s.kind, s.code, as_of),
        }
        if s.kind == SubFundKind.BRIDGE and bridge is None:
            bridge = _bridge_figures(r, as_of)
            row["outstanding_url"] = _url(
                "funds:bridge_list", state=BridgeLoanState.DISBURSED, as_of=as_of.isoformat()
            )
        if s.kind == SubFundKind.GUARANTEE and guarantee is None:
            guarantee = _guarantee_figures(r, as_of)
            row["leverage"] = guarantee["leverage"]
            row["outstanding"] = guarantee["exposure"]
        funds.append(row)
    return {
        "template": "cockpit/panels/money.html",
        "as_of": as_of,
        "stamp": stamp,
        "funds": funds,
        "bridge": bridge,
        "guarantee": guarantee,
        "overview_url": _url("funds:overview", as_of=as_of.isoformat()),
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
                    # percentages with one decimal, as everywhere in the portal
                    "share": (bridge["share"] * 100).quantize(Decimal("0.1"), ROUND_HALF_UP),
                    "limit": (bridge["limit"] * 100).quantize(Decimal("0.1"), ROUND_HALF_UP),
                },
                "url": bridge["overdue_url"],
                "kind": "bridge_overdue_share",
            }
        )
    return out
