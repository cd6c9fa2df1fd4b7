"""Credit records (第20条): entered and withdrawn by their source department, each change re-rating the enterprise."""

from typing import Any, NotRequired, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.notifications import notify
from core.permissions import require
from core.services import required_reason
from enterprises.models import Enterprise

from .. import permissions
from ..models import (
    Appeal,
    AppealState,
    CreditRecord,
    RatingTrigger,
    RecordKind,
    RecordStatus,
)
from ..rating import (
    active_model,
    rate_enterprise,
    rules_of,
)
from ..scoring import Rules
from .common import RECORD_AUDITED, _enterprise_users, _record_move, _record_url

# --- records ---------------------------------------------------------------------------------------


class RecordFields(TypedDict):
    """What the department enters of a record, the same for one typed in and one imported."""

    severity: str
    title: str
    occurred_on: Any
    document_ref: NotRequired[str]
    description: NotRequired[str]
    effective_until: NotRequired[Any]


def build_record(
    *,
    actor,
    enterprise: Enterprise,
    kind: RecordKind,
    rules: Rules | None = None,
    **fields: Unpack[RecordFields],
) -> CreditRecord:
    """A validated, unsaved record from the actor's department (used by create and import)."""
    occurred_on = fields["occurred_on"]
    record = CreditRecord(
        enterprise=enterprise,
        kind=kind,
        source_department_id=actor.department_id,
        severity=fields["severity"],
        title=fields["title"],
        occurred_on=occurred_on,
        document_ref=fields.get("document_ref") or "",
        description=fields.get("description") or "",
        effective_until=fields.get("effective_until"),
        created_by=actor,
    )
    if record.effective_until is None and occurred_on is not None:
        rules = rules or rules_of(active_model())
        record.effective_until = rules.effective_until(kind.code, occurred_on)
    record.full_clean()
    return record


def record_create(
    *, actor, enterprise: Enterprise, kind: RecordKind, **fields: Unpack[RecordFields]
) -> CreditRecord:
    require(permissions.can_create_record(actor, kind))
    record = build_record(actor=actor, enterprise=enterprise, kind=kind, **fields)
    try:
        with transaction.atomic():
            record.save()
            audit.record_saved(actor=actor, instance=record, before=None, fields=RECORD_AUDITED)
            rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.RECORD, actor=actor)
            notify(
                recipients=_enterprise_users(enterprise.pk),
                url=_record_url(record),
                message=_("%(dept)s录入了一条%(kind)s：%(title)s。如有异议，可在记录页面提出。")
                % {"dept": actor.department.name, "kind": kind.name, "title": record.title},
            )
    except IntegrityError as exc:  # two entries of the same document at the same moment
        raise ValidationError({"document_ref": _("该企业已有同一文书编号的同类记录。")}) from exc
    return record


def _locked_record(pk: int) -> CreditRecord:
    return (
        CreditRecord.objects.select_for_update(of=("self",))
        .select_related("enterprise", "kind", "source_department")
        .get(pk=pk)
    )


@transaction.atomic
def record_withdraw(*, actor, record: CreditRecord, reason: str) -> CreditRecord:
    """The source department withdraws its record (an error, or 信用修复 it grants): it stops counting."""
    record = _locked_record(record.pk)
    require(permissions.can_withdraw_record(actor, record))
    reason = required_reason(reason, _("撤销记录须填写原因。"))
    pending = Appeal.objects.select_for_update().filter(record=record, state=AppealState.PENDING).first()
    if pending is not None:
        _decide(actor=actor, appeal=pending, record=record, decision=AppealState.WITHDRAWN, note=reason)
    else:
        _withdraw(actor=actor, record=record, reason=reason)
        notify(
            recipients=_enterprise_users(record.enterprise_id),
            url=_record_url(record),
            message=_("%(dept)s撤销了关于贵企业的%(kind)s“%(title)s”：%(reason)s")
            % {
                "dept": record.source_department.name,
                "kind": record.kind.name,
                "title": record.title,
                "reason": reason,
            },
        )
    rate_enterprise(enterprise=record.enterprise, trigger=RatingTrigger.RECORD, actor=actor)
    return record


def _withdraw(*, actor, record: CreditRecord, reason: str) -> None:
    _record_move(
        actor=actor,
        record=record,
        event="record.withdrawn",
        params={"reason": reason},
        status=RecordStatus.WITHDRAWN,
        withdrawn_at=timezone.now(),
        withdrawn_reason=reason[:500],
    )


def _decide(*, actor, appeal: Appeal, record: CreditRecord, decision: str, note: str) -> None:
    before = {"state": appeal.state}
    appeal.state, appeal.decided_by, appeal.decided_at, appeal.decision_note = (
        decision,
        actor,
        timezone.now(),
        note,
    )
    appeal.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    audit.record(
        actor=actor,
        action=audit.AuditAction.TRANSITION,
        instance=appeal,
        before=before,
        after={"state": decision, "note": note[:300]},
        event="appeal.decided",
        params={"decision": decision},
    )
    if decision == AppealState.WITHDRAWN:
        _withdraw(
            actor=actor,
            record=record,
            reason=_("异议成立：%(note)s") % {"note": note} if note else _("异议成立"),
        )
    else:
        _record_move(actor=actor, record=record, event="appeal.upheld", status=RecordStatus.ACTIVE)
    outcome = _("记录已撤销，不再计入评级") if decision == AppealState.WITHDRAWN else _("维持原记录")
    notify(
        recipients=_enterprise_users(record.enterprise_id),
        url=_record_url(record),
        message=_("%(dept)s已处理贵企业对“%(title)s”的异议：%(outcome)s。%(note)s")
        % {"dept": record.source_department.name, "title": record.title, "outcome": outcome, "note": note},
    )
