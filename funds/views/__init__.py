from .bridge import bridge_action, bridge_apply, bridge_detail, bridge_export, bridge_letter, bridge_list
from .funds import ledger, ledger_export, overview, params, trial_balance

__all__ = [
    "bridge_action",
    "bridge_apply",
    "bridge_detail",
    "bridge_export",
    "bridge_letter",
    "bridge_list",
    "ledger",
    "ledger_export",
    "overview",
    "params",
    "trial_balance",
]
