"""The bridge loan's moves that take nothing but a comment, by name: what its pages and its API call
(the moves with data, confirm, approve and repay, take a form or a serializer of their own)."""

from .services import bridge as svc

COMMENTED_MOVES = {
    "recommend": svc.bridge_recommend,
    "decline": svc.bridge_decline,
    "reject": svc.bridge_reject,
    "disburse": svc.bridge_disburse,
    "withdraw": svc.bridge_withdraw,
}
