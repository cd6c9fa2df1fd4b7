"""Credit records entered by a batch job (the bridge fund's daily run): what `record_create` does one
record at a time, for many records at once in a number of queries that does not grow with them."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core import audit
from core.notifications import notify_many
from core.permissions import require
from enterprises.models import Enterprise

from .. import permissions
from ..models import CreditRecord, RatingTrigger, RecordKind, RecordStatus
from ..rating import active_model, rate_enterprises, rules_of
from .common import RECORD_AUDITED, _record_url

# Given as instances by the caller: not read again to validate them.
_GIVEN = ["enterprise", "kind", "source_department", "created_by"]


@dataclass(frozen=True)
class NewRecord:
    """One record for `records_create_many`: the arguments of `record_create`."""

    actor: Any  # a user of one of the kind's source departments
    enterprise: Enterprise
    kind: RecordKind
    severity: str
    title: str
    occurred_on: date
    document_ref: str = ""
    description: str = ""


def _numbers_taken(new: list[NewRecord]) -> set[tuple[int, int, str]]:
    """(enterprise, kind, document number) of the standing records among the batch's numbers: the
    unique constraint `record_create` would meet, read once."""
    refs = {n.document_ref for n in new if n.document_ref}
    if not refs:
        return set()
    rows = CreditRecord.objects.filter(
        ~Q(status=RecordStatus.WITHDRAWN),
        enterprise_id__in={n.enterprise.pk for n in new},
        document_ref__in=refs,
    ).values_list("enterprise_id", "kind_id", "document_ref")
    return set(rows)


def _built(n: NewRecord, rules) -> CreditRecord:
    record = CreditRecord(
        enterprise=n.enterprise,
        kind=n.kind,
        source_department_id=n.actor.department_id,
        severity=n.severity,
        title=n.title,
        occurred_on=n.occurred_on,
        document_ref=n.document_ref,
        description=n.description,
        effective_until=rules.effective_until(n.kind.code, n.occurred_on),
        created_by=n.actor,
    )
    # The uniqueness is read once for the batch (_numbers_taken); the database holds the constraints.
    record.full_clean(exclude=_GIVEN, validate_unique=False, validate_constraints=False)
    return record


@transaction.atomic
def records_create_many(new: list[NewRecord]) -> list[CreditRecord | None]:
    """The records, each as `record_create` writes it (the actor's permission, validated, saved,
        audited, the enterprise re-rated, its users told), in the order given; each actor's permission for
    each kind is asked once. A record whose document
        number the enterprise already has for the kind (or that comes twice in the batch) is None: the
        first one stands. Queries: one read of the numbers, one insert, per actor one audit append and
        one rating run, one read of the enterprises' users, one insert of the notifications."""
    for actor, kind in {(n.actor.pk, n.kind.pk): (n.actor, n.kind) for n in new}.values():
        require(permissions.can_create_record(actor, kind))
    if not new:
        return []
    # The enterprises' rows in primary-key order, as every rating run takes them: the runs per actor
    # below then only take locks already held.
    list(
        Enterprise.objects.filter(pk__in={n.enterprise.pk for n in new})
        .order_by("pk")
        .select_for_update()
        .values_list("pk", flat=True)
    )
    rules = rules_of(active_model())
    taken = _numbers_taken(new)
    result: list[CreditRecord | None] = []
    for n in new:
        number = (n.enterprise.pk, n.kind.pk, n.document_ref)
        if n.document_ref and number in taken:
            result.append(None)
            continue
        taken.add(number)
        result.append(_built(n, rules))
    records = CreditRecord.objects.bulk_create([r for r in result if r is not None])
    by_actor: dict[int, tuple[User, list[CreditRecord]]] = {}
    for n, record in zip(new, result, strict=True):
        if record is not None:
            by_actor.setdefault(n.actor.pk, (n.actor, []))[1].append(record)
    for actor, theirs in by_actor.values():
        entries = [
            audit.Entry(audit.AuditAction.CREATE, instance=r, after=audit.snapshot(r, RECORD_AUDITED))
            for r in theirs
        ]
        audit.record_many(actor=actor, entries=entries)
        ids = [r.enterprise_id for r in theirs]
        rate_enterprises(enterprise_ids=ids, trigger=RatingTrigger.RECORD, actor=actor)
    users: dict[int, list[User]] = {}
    for user in User.objects.filter(
        role=Role.ENTERPRISE, is_active=True, enterprise_id__in={r.enterprise_id for r in records}
    ):
        if user.enterprise_id is not None:  # always, by the filter; says so to the type checker
            users.setdefault(user.enterprise_id, []).append(user)
    notify_many(
        (
            users.get(r.enterprise_id, []),
            _("%(dept)s录入了一条%(kind)s：%(title)s。如有异议，可在记录页面提出。")
            % {"dept": n.actor.department.name, "kind": n.kind.name, "title": r.title},
            _record_url(r),
        )
        for n, r in zip(new, result, strict=True)
        if r is not None
    )
    return result
