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
from .guarantees import (
    ClaimState,
    Guarantee,
    GuaranteeClaim,
    GuaranteeEvent,
    GuaranteeRecovery,
    GuaranteeState,
)
from .guidance import (
    CapitalCall,
    CapitalCallShare,
    CoInvestor,
    Distribution,
    DistributionShare,
    GuidanceInvestment,
    InvestmentState,
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
    "CapitalCall",
    "CapitalCallShare",
    "ClaimState",
    "CoInvestor",
    "Distribution",
    "DistributionShare",
    "Guarantee",
    "GuaranteeClaim",
    "GuaranteeEvent",
    "GuaranteeRecovery",
    "GuaranteeState",
    "GuidanceInvestment",
    "InvestmentState",
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
