"""Every write of the credit system. Each service checks permission, validates, runs in one
transaction (locking the rows that others may change at the same time), writes its audit rows,
re-rates the enterprise where the change can move its score, and notifies."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.imports import ImportOutcome, import_errors, read_upload
from core.notifications import notify
from core.permissions import require
from core.uploads import PDF_OR_IMAGE_KINDS, safe_filename, validate_upload
from enterprises.models import Enterprise

from . import permissions
from .models import (
    Appeal,
    AppealState,
    BlacklistEntry,
    CreditRecord,
    CreditStatus,
    RatingTrigger,
    RecordKind,
    RecordStatus,
    ScoringModel,
)
from .rating import (
    active_model,
    apply_blacklist,
    kind_categories,
    rate_enterprise,
    rate_enterprises,
    rules_of,
)
from .scoring import Rules, RulesError

RECORD_AUDITED = [
    "enterprise",
    "kind",
    "source_department",
    "severity",
    "title",
    "occurred_on",
    "document_ref",
    "effective_until",
    "status",
    "withdrawn_reason",
]


def _enterprise_users(enterprise_id: int) -> list:
    return list(User.objects.filter(role=Role.ENTERPRISE, is_active=True, enterprise_id=enterprise_id))


def _department_users(department_id: int) -> list:
    return list(User.objects.filter(role=Role.DEPARTMENT, is_active=True, department_id=department_id))


def _record_url(record) -> str:
    return reverse("credit:record_detail", args=[record.pk])


# --- records ---------------------------------------------------------------------------------------


def build_record(
    *,
    actor,
    enterprise: Enterprise,
    kind: RecordKind,
    severity: str,
    title: str,
    occurred_on,
    document_ref: str = "",
    description: str = "",
    effective_until=None,
    rules: Rules | None = None,
) -> CreditRecord:
    """A validated, unsaved record from the actor's department (used by create and import)."""
    record = CreditRecord(
        enterprise=enterprise,
        kind=kind,
        source_department_id=actor.department_id,
        severity=severity,
        title=title,
        occurred_on=occurred_on,
        document_ref=document_ref or "",
        description=description or "",
        effective_until=effective_until,
        created_by=actor,
    )
    if record.effective_until is None and occurred_on is not None:
        rules = rules or rules_of(active_model())
        record.effective_until = rules.effective_until(kind.code, occurred_on)
    record.full_clean()
    return record


def record_create(
    *,
    actor,
    enterprise: Enterprise,
    kind: RecordKind,
    severity: str,
    title: str,
    occurred_on,
    document_ref: str = "",
    description: str = "",
    effective_until=None,
) -> CreditRecord:
    require(permissions.can_create_record(actor, kind))
    record = build_record(
        actor=actor,
        enterprise=enterprise,
        kind=kind,
        severity=severity,
        title=title,
        occurred_on=occurred_on,
        document_ref=document_ref,
        description=description,
        effective_until=effective_until,
    )
    try:
        with transaction.atomic():
            record.save()
            audit.record(
                actor=actor,
                action=audit.AuditAction.CREATE,
                instance=record,
                after=audit.snapshot(record, RECORD_AUDITED),
            )
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
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("撤销记录须填写原因。")})
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
    before = audit.snapshot(record, RECORD_AUDITED)
    record.status, record.withdrawn_at, record.withdrawn_reason = (
        RecordStatus.WITHDRAWN,
        timezone.now(),
        reason[:500],
    )
    record.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"])
    audit.record(
        actor=actor,
        action=audit.AuditAction.TRANSITION,
        instance=record,
        before=before,
        after=audit.snapshot(record, RECORD_AUDITED),
        message=f"withdraw: {reason}"[:500],
    )


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
    before = audit.snapshot(record, RECORD_AUDITED)
    record.status = RecordStatus.DISPUTED
    record.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE,
        instance=appeal,
        after={"record": record.pk, "explanation": explanation[:300], "evidence": appeal.evidence_name},
    )
    audit.record(
        actor=actor,
        action=audit.AuditAction.TRANSITION,
        instance=record,
        before=before,
        after=audit.snapshot(record, RECORD_AUDITED),
        message="appeal",
    )
    notify(
        recipients=_department_users(record.source_department_id),
        url=_record_url(record),
        message=_("“%(enterprise)s”对%(kind)s“%(title)s”提出异议，请处理。")
        % {"enterprise": record.enterprise.name, "kind": record.kind.name, "title": record.title},
    )
    return appeal


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
        message=f"appeal {decision}",
    )
    if decision == AppealState.WITHDRAWN:
        _withdraw(
            actor=actor,
            record=record,
            reason=_("异议成立：%(note)s") % {"note": note} if note else _("异议成立"),
        )
    else:
        record_before = audit.snapshot(record, RECORD_AUDITED)
        record.status = RecordStatus.ACTIVE
        record.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.AuditAction.TRANSITION,
            instance=record,
            before=record_before,
            after=audit.snapshot(record, RECORD_AUDITED),
            message="appeal upheld",
        )
    outcome = _("记录已撤销，不再计入评级") if decision == AppealState.WITHDRAWN else _("维持原记录")
    notify(
        recipients=_enterprise_users(record.enterprise_id),
        url=_record_url(record),
        message=_("%(dept)s已处理贵企业对“%(title)s”的异议：%(outcome)s。%(note)s")
        % {"dept": record.source_department.name, "title": record.title, "outcome": outcome, "note": note},
    )


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


# --- blacklist -------------------------------------------------------------------------------------


def _locked_status(enterprise: Enterprise) -> CreditStatus:
    Enterprise.objects.select_for_update().filter(pk=enterprise.pk).exists()  # same lock as rating runs
    status, _created = CreditStatus.objects.select_related("manual_entry").get_or_create(
        enterprise=enterprise
    )
    return status


def _blacklist_recipients(enterprise: Enterprise) -> list:
    return list(
        User.objects.filter(is_active=True).filter(role=Role.ENTERPRISE, enterprise_id=enterprise.pk)
    ) + list(User.objects.filter(is_active=True, role=Role.TOWN, town_id=enterprise.town_id))


@transaction.atomic
def blacklist_add(*, actor, enterprise: Enterprise, reason: str) -> BlacklistEntry:
    require(permissions.can_manage_blacklist(actor))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("列入黑名单须填写原因。")})
    status = _locked_status(enterprise)
    if status.manual_entry is not None:
        raise ValidationError(
            {
                "enterprise": _("该企业已被人工列入黑名单（%(since)s）。")
                % {"since": f"{timezone.localtime(status.manual_entry.added_at):%Y-%m-%d}"}
            }
        )
    entry = BlacklistEntry.objects.create(enterprise=enterprise, reason=reason[:2000], added_by=actor)
    status.manual_entry = entry
    apply_blacklist(status)
    status.save(update_fields=["manual_entry", "blacklisted", "blacklisted_since"])
    audit.record(
        actor=actor,
        action=audit.AuditAction.CREATE,
        instance=entry,
        after={"enterprise": enterprise.pk, "reason": reason[:300]},
        message="blacklist add",
    )
    notify(
        recipients=_blacklist_recipients(enterprise),
        url=reverse("credit:enterprise_credit", args=[enterprise.pk]),
        message=_("“%(name)s”已被%(dept)s列入诚信黑名单：%(reason)s")
        % {"name": enterprise.name, "dept": actor.department.name, "reason": reason},
    )
    return entry


@transaction.atomic
def blacklist_remove(*, actor, entry: BlacklistEntry, reason: str) -> BlacklistEntry:
    require(permissions.can_manage_blacklist(actor))
    entry = BlacklistEntry.objects.select_for_update().select_related("enterprise").get(pk=entry.pk)
    if entry.removed_at is not None:
        raise ValidationError({"entry": _("该企业已移出黑名单。")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("移出黑名单须填写原因。")})
    status = _locked_status(entry.enterprise)
    entry.removed_at, entry.removed_by, entry.removed_reason = timezone.now(), actor, reason[:2000]
    entry.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    if status.manual_entry_id == entry.pk:
        status.manual_entry = None
    apply_blacklist(status)
    status.save(update_fields=["manual_entry", "blacklisted", "blacklisted_since"])
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        instance=entry,
        before={"removed_at": None},
        after={"removed_at": entry.removed_at.isoformat(), "reason": reason[:300]},
        message="blacklist remove",
    )
    message = _("“%(name)s”已被移出人工黑名单：%(reason)s") % {
        "name": entry.enterprise.name,
        "reason": reason,
    }
    if status.blacklisted:
        message += _("（诚信评级仍在黑名单线以下，仍不能享受政策支持。）")
    notify(
        recipients=_blacklist_recipients(entry.enterprise),
        message=message,
        url=reverse("credit:enterprise_credit", args=[entry.enterprise_id]),
    )
    return entry


# --- the scoring model -----------------------------------------------------------------------------


def model_publish(*, actor, rules: dict, notes: str) -> ScoringModel:
    """区金融办 publishes a new version; every enterprise is re-rated under it after commit."""
    from .tasks import rate_all_task

    require(permissions.can_publish_model(actor))
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError({"notes": _("请说明本次修改的内容和依据。")})
    try:
        parsed = Rules.from_dict(rules, kinds=kind_categories())
    except RulesError as exc:
        raise ValidationError({"rules": exc.messages}) from exc
    with transaction.atomic():
        # Publishers queue on the owner department's row (always there): two at once would otherwise both
        # read the same latest version and the second would fail on the unique version number.
        from programs.models import Department

        from .loader import owner_department_code

        Department.objects.select_for_update().filter(code=owner_department_code()).first()
        latest = ScoringModel.objects.order_by("-version").first()
        version = (latest.version if latest else 0) + 1
        model = ScoringModel.objects.create(
            version=version,
            name=parsed.name or _("评分模型"),
            rules=parsed.to_dict(),
            notes=notes[:5000],
            source=_("门户发布"),
            published_by=actor,
        )
        audit.record(
            actor=actor,
            action=audit.AuditAction.CREATE,
            instance=model,
            after={"version": version, "rules": model.rules},
            message=notes[:500],
        )
        office = list(User.objects.filter(is_active=True, role=Role.OFFICE))
        notify(
            recipients=office,
            url=reverse("credit:model"),
            message=_("区金融办发布了第 %(v)d 版诚信评分模型，全部企业将按新模型重新评级。") % {"v": version},
        )
        transaction.on_commit(lambda: rate_all_task.delay(trigger=RatingTrigger.MODEL, actor_id=actor.pk))
    return model


def rate_on_demand(*, actor, enterprise: Enterprise | None = None):
    """Rate one enterprise now (returns the new rating or None if unchanged), or queue a run for all."""
    from .tasks import rate_all_task

    require(permissions.can_rate(actor))
    if enterprise is not None:
        return rate_enterprise(enterprise=enterprise, trigger=RatingTrigger.ON_DEMAND, actor=actor)
    audit.record(actor=actor, action=audit.AuditAction.CREATE, message="credit rating run requested (all)")
    transaction.on_commit(lambda: rate_all_task.delay(trigger=RatingTrigger.ON_DEMAND, actor_id=actor.pk))
    return None


# --- import ----------------------------------------------------------------------------------------


@transaction.atomic
def records_import(*, actor, upload) -> ImportOutcome:
    """Import a department's xlsx of records all-or-nothing (by USCC). The upload is checked and read
    here; on any bad row nothing is written and every bad row is listed with its Excel row number.
    On success the enterprises concerned are re-rated and told."""
    from .resources import CreditRecordResource
    from .xlsx import headers

    require(permissions.can_create_records(actor))
    required = [CreditRecordResource.fields[n].column_name for n in CreditRecordResource.REQUIRED_COLUMNS]
    dataset = read_upload(upload, required=required, columns=headers())
    resource = CreditRecordResource(actor=actor)
    result = resource.import_data(
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        collect_failed_rows=True,
    )
    errors = import_errors(result, CreditRecordResource, row_numbers=dataset.row_numbers)
    if errors:
        transaction.set_rollback(True)
        return ImportOutcome(rows=len(dataset), errors=errors)
    counts: dict[int, int] = {}
    for enterprise_id in resource.imported_enterprises:
        counts[enterprise_id] = counts.get(enterprise_id, 0) + 1
    rate_enterprises(enterprise_ids=list(counts), trigger=RatingTrigger.RECORD, actor=actor)
    users: dict[int, list] = {}
    for user in User.objects.filter(role=Role.ENTERPRISE, is_active=True, enterprise_id__in=counts):
        if user.enterprise_id is not None:  # always, by the filter; says so to the type checker
            users.setdefault(user.enterprise_id, []).append(user)
    for enterprise_id, recipients in users.items():
        notify(
            recipients=recipients,
            url=reverse("credit:mine"),
            message=_("%(dept)s录入了 %(n)d 条关于贵企业的信用记录。如有异议，可在记录页面提出。")
            % {"dept": actor.department.name, "n": counts[enterprise_id]},
        )
    return ImportOutcome(
        rows=len(dataset),
        success=_("导入成功：新增 %(n)d 条信用记录，相关企业已重新评级。")
        % {"n": result.totals.get("new", 0)},
    )
