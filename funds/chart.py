"""The chart of accounts every sub-fund has, and the kinds of journal entries.

Codes are the API of the ledger: services post to them by code (funds.services.ledger.post_entry),
the trial balance lists them in this order. A new code here is created for every sub-fund by
`ensure_accounts` (the loader calls it; so does a data migration that adds one).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import AccountKind

A = AccountKind


@dataclass(frozen=True)
class ChartAccount:
    code: str
    name: object
    kind: str


CHART: tuple[ChartAccount, ...] = (
    # assets (debit-normal, never below zero)
    ChartAccount("cash", _("可用资金"), A.ASSET),
    ChartAccount("loans_outstanding", _("过桥资金在贷余额"), A.ASSET),
    ChartAccount("receivables", _("应收费用及罚息"), A.ASSET),
    ChartAccount("investments", _("股权投资"), A.ASSET),
    ChartAccount("compensation_receivable", _("代偿应收款（追偿权）"), A.ASSET),
    # equity
    ChartAccount("capital_paid_in", _("实缴出资"), A.EQUITY),
    # income (credit-normal)
    ChartAccount("fee_income", _("费用收入"), A.INCOME),
    ChartAccount("penalty_income", _("罚息收入"), A.INCOME),
    ChartAccount("investment_income", _("投资收益"), A.INCOME),
    ChartAccount("recoveries", _("追偿收入"), A.INCOME),
    # expenses and distributions (debit-normal)
    ChartAccount("compensation_paid", _("代偿支出"), A.EXPENSE),
    ChartAccount("losses", _("损失核销"), A.EXPENSE),
    ChartAccount("distributions", _("收益分配及退出返还"), A.EXPENSE),
)
CODES = tuple(a.code for a in CHART)
BY_CODE = {a.code: a for a in CHART}

# What a journal entry records (JournalEntry.kind): labels for pages and exports.
ENTRY_KINDS = {
    "pay_in": _("出资实缴"),
    "disburse": _("过桥资金拨付"),
    "repay": _("过桥资金归还"),
    "fee": _("费用收取"),
    "penalty": _("逾期罚息"),
    "guarantee_fee": _("担保费收取"),
    "compensation": _("代偿支付"),
    "recovery": _("追偿收回"),
    "investment": _("股权投资"),
    "exit": _("投资退出"),
    "distribution": _("收益分配"),
    "write_off": _("损失核销"),
    "reversal": _("冲销"),
}


def entry_kind_label(kind: str) -> str:
    return str(ENTRY_KINDS.get(kind, kind))
