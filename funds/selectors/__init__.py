"""Reads of the funds, by subject: the ledger (sub-funds, balances, trial balance, entries), the bridge
loans, and the funds' figures today and at a day's end. Import from here: `funds.selectors`."""

from .bridge import (
    LENT_STATES,
    bridge_loan_get,
    bridge_loans_for,
    bridge_overview,
    lent_by,
    outstanding_at,
    overdue_at,
    state_counts,
)
from .figures import SubFundFigures, figures_at, fund_figures, fund_figures_at
from .ledger import (
    ZERO,
    TrialBalance,
    TrialBalanceRow,
    balances,
    current_sub_funds,
    entries_of,
    ledger_entries,
    normal_balance,
    sub_fund_by_code,
    trial_balance,
    trial_balance_asked,
    trial_balance_totals,
)

__all__ = [
    "LENT_STATES",
    "ZERO",
    "SubFundFigures",
    "TrialBalance",
    "TrialBalanceRow",
    "balances",
    "bridge_loan_get",
    "bridge_loans_for",
    "bridge_overview",
    "current_sub_funds",
    "entries_of",
    "figures_at",
    "fund_figures",
    "fund_figures_at",
    "ledger_entries",
    "lent_by",
    "normal_balance",
    "outstanding_at",
    "overdue_at",
    "state_counts",
    "sub_fund_by_code",
    "trial_balance",
    "trial_balance_asked",
    "trial_balance_totals",
]
