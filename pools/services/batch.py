"""Decisions over many nominations at once (a department's 批量通过/退回, a town's 批量提交): each item
goes through the one workflow service on its own, so a refused item neither stops nor undoes the
others, and each item's result is reported."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.exceptions import Conflict

from ..models import Nomination
from ..workflow import TRANSITIONS
from .transitions import nomination_transition

BATCH_ACTIONS = frozenset({"approve", "return", "submit"})
MAX_BATCH = 200  # items in one request; a queue page shows 25


@dataclass(frozen=True)
class BatchResult:
    """One item of a batch: which nomination, whether the move was made, and the sentence to show."""

    pk: int
    subject: str
    ok: bool
    message: str


def _reason(exc: Exception) -> str:
    if isinstance(exc, Conflict):
        return exc.message
    if isinstance(exc, ValidationError):
        return "".join(str(m) for messages in exc.message_dict.values() for m in messages)
    if isinstance(exc, PermissionDenied) and exc.args and exc.args[0]:
        return str(exc.args[0])
    return _("无权进行此操作。")


def nominations_batch(*, actor, ids, action: str, comment: str = "") -> list[BatchResult]:
    """Fire `action` on each nomination of `ids` (in that order) that the actor can see. Each move is
    its own transaction (nomination_transition: row lock, permission, checks, event, audit, notices)."""
    if action not in BATCH_ACTIONS:
        raise ValidationError({"action": _("不支持的批量操作。")})
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        raise ValidationError({"ids": _("请至少勾选一件申报。")})
    if len(wanted) > MAX_BATCH:
        raise ValidationError({"ids": _("一次最多处理 %(n)d 件。") % {"n": MAX_BATCH}})
    found = Nomination.objects.visible_to(actor).select_related("enterprise", "project").in_bulk(wanted)
    results = []
    label = TRANSITIONS[action].label
    for pk in wanted:
        nomination = found.get(pk)
        if nomination is None:
            results.append(BatchResult(pk, "", False, _("该申报不存在或不在您的范围内。")))
            continue
        subject = str(nomination.subject)
        try:
            nomination_transition(actor=actor, nomination=nomination, action=action, comment=comment)
        except (Conflict, ValidationError, PermissionDenied) as exc:
            results.append(BatchResult(pk, subject, False, _reason(exc)))
        else:
            results.append(BatchResult(pk, subject, True, _("已%(action)s。") % {"action": label}))
    return results
