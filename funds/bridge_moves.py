"""The bridge loan's moves by name, as its pages and its API call them: those that take nothing but a
comment, and those with data (confirm, approve, repay: a form on the pages, the API's body)."""

from .services import bridge as svc

COMMENTED_MOVES = {
    "recommend": svc.bridge_recommend,
    "decline": svc.bridge_decline,
    "reject": svc.bridge_reject,
    "disburse": svc.bridge_disburse,
    "withdraw": svc.bridge_withdraw,
}

# The moves with data: the service, and the fields it takes besides the comment, with the value
# of one the API's body leaves out.
DATA_MOVES = {
    "confirm": (svc.bridge_confirm, {"renewal_amount": None, "renewal_on": None, "letter": None}),
    "approve": (svc.bridge_approve, {"approved_amount": None, "outside_pool_reason": ""}),
    "repay": (svc.bridge_repay, {"repaid_on": None, "renewed_on": None}),
}
