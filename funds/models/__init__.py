"""The transformation fund (第21条): the parent fund, its sub-funds and contributors, and the ledger.

Every name imports from `funds.models`; the modules split by concern (funds, ledger).
"""

from .bridge import (
    AGE_BUCKETS,
    AGE_LABELS,
    OUTSTANDING_STATES,
    BridgeLoan,
    BridgeLoanEvent,
    BridgeLoanState,
    age_bucket,
)
from .funds import (
    AGENCY_DEPARTMENT,
    Contributor,
    ContributorKind,
    Fund,
    FundQuerySet,
    SubFund,
    SubFundKind,
)
from .ledger import (
    Account,
    AccountBalance,
    AccountKind,
    JournalEntry,
    JournalLine,
    LedgerQuerySet,
)

__all__ = [
    "AGE_BUCKETS",
    "AGE_LABELS",
    "OUTSTANDING_STATES",
    "BridgeLoan",
    "BridgeLoanEvent",
    "BridgeLoanState",
    "age_bucket",
    "AGENCY_DEPARTMENT",
    "Account",
    "AccountBalance",
    "AccountKind",
    "Contributor",
    "ContributorKind",
    "Fund",
    "FundQuerySet",
    "JournalEntry",
    "JournalLine",
    "LedgerQuerySet",
    "SubFund",
    "SubFundKind",
]
