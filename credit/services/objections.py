"""Objections (信用异议): the enterprise appeals, the source department upholds or revokes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.notifications import notify
from core.permissions import require
from core.uploads import PDF_OR_IMAGE_KINDS, safe_filename, validate_upload

from .. import permissions
from ..models import (
    Appeal,
    AppealState,
    CreditRecord,
    RatingTrigger,
    RecordStatus,
)
from ..rating import (
    rate_enterprise,
)
from .common import _department_users, _record_move, _record_url
from .records import _decide, _locked_record

# --- objections ------------------------------------------------------------------------------------


@transaction.atomic
def appeal_create(*, actor, record: CreditRecord, explanation: str, evidence=None) -> Appeal:
    record = _locked_record(record.pk)
    require(permissions.can_appeal(actor, record))
    explanation = (explanation or "").strip()
    if not explanation:
        raise ValidationError({"explanation": _("请说明异议理由。")})
    if evidence is not None:
        validate_upload(
            evidence, kinds=PDF_OR_IMAGE_KINDS, max_bytes=settings.EVIDENCE_MAX_BYTES, field="evidence"
        )
        evidence.name = safe_filename(evidence.name)  # kept (sanitised) or replaced, never empty
    appeal = Appeal.objects.create(
        record=record,
        enterprise_id=record.enterprise_id,
        explanation=explanation[:5000],
        evidence=evidence or "",
        evidence_name=evidence.name[:200] if evidence else "",
        submitted_by=actor,
    )
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE,
        instance=appeal,
        after={"record": record.pk, "explanation": explanation[:300], "evidence": appeal.evidence_name},
    )
    _record_move(actor=actor, record=record, event="appeal.filed", status=RecordStatus.DISPUTED)
    notify(
        recipients=_department_users(record.source_department_id),
        url=_record_url(record),
        message=_("“%(enterprise)s”对%(kind)s“%(title)s”提出异议，请处理。")
        % {"enterprise": record.enterprise.name, "kind": record.kind.name, "title": record.title},
    )
    return appeal


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, decision: str, note: str = "") -> Appeal:
    """The source department upholds the record or withdraws it; a withdrawn record stops counting
    and the enterprise is re-rated at once."""
    # Lock the record before its appeal, in the same order as record_withdraw and appeal_create.
    record = _locked_record(appeal.record_id)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    appeal.record = record
    require(permissions.can_decide_appeal(actor, appeal))
    if decision not in (AppealState.UPHELD, AppealState.WITHDRAWN):
        raise ValidationError({"decision": _("处理结果须为“维持记录”或“撤销记录”。")})
    note = (note or "").strip()
    if decision == AppealState.UPHELD and not note:
        raise ValidationError({"note": _("维持记录须向企业说明理由。")})
    _decide(actor=actor, appeal=appeal, record=record, decision=decision, note=note[:2000])
    if decision == AppealState.WITHDRAWN:
        rate_enterprise(enterprise=record.enterprise, trigger=RatingTrigger.APPEAL, actor=actor)
    return appeal
