"""Bridge loans (过桥还贷) on the shared workflow engine: apply, recommend, confirm, approve,
disburse, repay, withdraw. Every gate is here, not in forms: the
blacklist (credit gate's reason), the pool rule (重点投向培育库企业（项目）; the agency may allow others
with its reason), the caps and ratios of the fund, checked under the row locks (loan, then
enterprise, then sub-fund, then balances). Every movement of money is a ledger entry
(funds.services.ledger.post_entry, or post_entries for a batch).

By concern: `gates` (amounts, caps, the blacklist and pool rules, who is told), `moves` (the
application and the moves up to the disbursement, withdrawal), `repayment` (the penalty rule, which
the daily task (funds.services.daily) applies to its batches too, and the repayment). Import from here:

    from funds.services import bridge as svc
    svc.bridge_approve(actor=user, loan=loan)
"""

from .gates import CENT, money, pool_entry_of
from .moves import (
    bridge_apply,
    bridge_approve,
    bridge_confirm,
    bridge_decline,
    bridge_disburse,
    bridge_recommend,
    bridge_reject,
    bridge_withdraw,
    letter_audit,
)
from .repayment import accrue_penalty, bridge_repay, penalty_accrual

__all__ = [
    "CENT",
    "accrue_penalty",
    "bridge_apply",
    "bridge_approve",
    "bridge_confirm",
    "bridge_decline",
    "bridge_disburse",
    "bridge_recommend",
    "bridge_reject",
    "bridge_repay",
    "bridge_withdraw",
    "letter_audit",
    "money",
    "penalty_accrual",
    "pool_entry_of",
]
