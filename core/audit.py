"""The audit trail: every service writes one row per change, inside the same transaction; the
middleware (core/middleware.py AuditAccessMiddleware) adds a row for refused access, downloads and
API list reads.

How the trail is kept (等保: at least six months online, complete and unaltered):

- **Append-only.** `AuditLog` refuses `save()` of an existing row, `delete()`, queryset `update()`,
  `delete()` and `bulk_create()`. Underneath, database triggers refuse UPDATE and DELETE of
  `core_auditlog` (PostgreSQL: a plpgsql trigger, and a statement trigger refusing TRUNCATE unless
  the session sets `portal.audit_truncate = 'on'`, which only the test settings do so that test
  databases can be flushed; SQLite: BEFORE UPDATE / BEFORE DELETE triggers). A user or content type
  that has audit rows is protected from deletion (deactivate accounts instead).

- **Chained.** Each row stores `prev_hash` (the previous row's `row_hash`, or 64 zeros for the
  first row) and `row_hash` = HMAC-SHA256 over a canonical JSON of its content: `created_at` as ISO
  8601 in UTC with microseconds, `actor_id`/`content_type_id` as strings (or null), `ip` in its
  normal text form, the text fields as stored, `before`/`after` as JSON, and `prev_hash`; keys
  sorted, no spaces (`seal()` below is the one definition). Rows are chained in id order. A
  changed, removed or inserted row breaks the chain at that row; `manage.py audit_verify` walks the
  chain in chunks and exits non-zero at the first broken row.

- **Keyed.** The seal is an HMAC, not a bare hash, so someone who can write to the database but
  does not hold the key cannot recompute a consistent chain after a forgery. The key is the setting
  `AUDIT_HMAC_KEY` (environment `AUDIT_HMAC_KEY`); when empty it is derived from `SECRET_KEY`.
  Production should set `AUDIT_HMAC_KEY` explicitly and keep it apart from the database: rotating
  `SECRET_KEY` then does not invalidate the trail. Changing the audit key makes every older row
  fail verification, so it is never rotated in place.

- **One writer at a time.** Appending reads the last row's hash, so concurrent writers would fork
  the chain. On PostgreSQL `record()` takes `pg_advisory_xact_lock(AUDIT_CHAIN_LOCK)` inside the
  writer's transaction before reading the last row (one indexed query), so appends are serialised
  until that transaction commits; a unique constraint on `prev_hash` refuses a fork even if the
  lock were bypassed. The read of the last row is its own statement after the lock, so under READ
  COMMITTED (the default isolation) it sees the previous writer's committed row. The lock is held to the end of the writer's transaction: long transactions
  that write audit rows (imports) delay other writers' audit rows until they commit. SQLite allows
  one writer at a time anyway.

- **Retention and archive.** Rows are never deleted: the online trail keeps everything, which
  exceeds the six months (`AUDIT_RETENTION_DAYS`, default and minimum 180, a system check refuses
  less). `manage.py audit_archive --before DATE --out FILE` writes the rows before DATE (which must
  be at least AUDIT_RETENTION_DAYS ago) as gzip JSON lines with their hashes, for off-line storage;
  `manage.py audit_verify --file FILE` verifies such a file and that the online trail still holds
  the same last row. What a chain cannot show on its own is the removal of its newest rows: keep the
  head hash `audit_verify` prints (or the archive files) outside the database to compare against.
"""

import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router, transaction
from django.utils import timezone

from . import audit_messages, request_context
from .models import AuditAction, AuditLog

GENESIS = "0" * 64
# Any constant will do; it only has to be the same for every writer ("audit" in ASCII).
AUDIT_CHAIN_LOCK = 0x6175646974
SEALED_FIELDS = (
    "created_at",
    "actor_id",
    "actor_username",
    "ip",
    "user_agent",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "before",
    "after",
    "message",
    "prev_hash",
)


def _json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return sorted(_json_value(v) for v in value)
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """A JSON-safe dict of the instance's concrete and many-to-many fields (FKs as ids)."""
    data = {}
    opts = instance._meta
    for field in opts.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        data[field.name] = _json_value(getattr(instance, field.attname))
    if instance.pk:
        for field in opts.many_to_many:
            if fields is not None and field.name not in fields:
                continue
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data


# --- the chain ----------------------------------------------------------------------------------


def _normal_ip(value) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(str(value)))
    except ValueError:
        return None


def _canonical_time(value) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _id_text(value) -> str | None:
    return None if value is None else str(value)


def content_of(row) -> dict:
    """The sealed content of a row (a model instance, historical or not), as JSON-safe values."""
    return {
        "created_at": _canonical_time(row.created_at),
        "actor_id": _id_text(row.actor_id),
        "actor_username": row.actor_username,
        "ip": _normal_ip(row.ip),
        "user_agent": row.user_agent,
        "action": row.action,
        "content_type_id": _id_text(row.content_type_id),
        "object_id": row.object_id,
        "object_repr": row.object_repr,
        "before": row.before,
        "after": row.after,
        "message": row.message,
        "prev_hash": row.prev_hash,
    }


def _key() -> bytes:
    configured = getattr(settings, "AUDIT_HMAC_KEY", "")
    if configured:
        return configured.encode()
    return hashlib.sha256(b"portal-audit-chain:" + settings.SECRET_KEY.encode()).digest()


def seal(content: Mapping) -> str:
    """HMAC-SHA256 of the canonical JSON of a row's sealed content (see the module docstring)."""
    canonical = {name: content[name] for name in SEALED_FIELDS}
    canonical["created_at"] = _canonical_time(canonical["created_at"])
    canonical["ip"] = _normal_ip(canonical["ip"])
    for name in ("actor_id", "content_type_id"):
        canonical[name] = _id_text(canonical[name])
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(_key(), text.encode(), hashlib.sha256).hexdigest()


def _append(rows: list[AuditLog]) -> list[AuditLog]:
    """Chain and insert rows in their order: under the chain lock, read the last hash (one indexed
    query), seal each row on the one before, insert them in one statement."""
    if not rows:
        return rows
    using = router.db_for_write(AuditLog)
    connection = connections[using]
    # No savepoint of its own: a failed audit row fails the write it belongs to.
    with transaction.atomic(using=using, savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])
        last = AuditLog.objects.using(using).order_by("-id").values_list("row_hash", flat=True).first()
        for row in rows:
            row.prev_hash = last or GENESIS
            row.row_hash = last = seal(content_of(row))
        if len(rows) == 1:
            rows[0].save(using=using, force_insert=True)
        else:
            # The manager refuses bulk_create to everybody else: rows are chained here, and only here.
            AuditLog._base_manager.using(using).bulk_create(rows)
    return rows


@dataclass(frozen=True)
class Entry:
    """One row to append with `record_many`: the arguments of `record` but the actor."""

    action: str
    instance: models.Model | None = None
    before: dict | None = None
    after: dict | None = None
    message: str = ""
    at: datetime | None = None
    event: str = ""  # a code of core.audit_messages.EVENTS; with it, `message` is its encoded form
    params: Mapping | None = None


def _row(actor, entry: Entry, ctx) -> AuditLog:
    request_context.note_recorded(entry.action)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    instance = entry.instance
    return AuditLog(
        created_at=entry.at or timezone.now(),
        actor=actor if authenticated else None,
        actor_username=(getattr(actor, "username", "") or "")[:150],
        ip=_normal_ip(ctx.ip),
        user_agent=ctx.user_agent[:300],
        action=entry.action,
        content_type=ContentType.objects.get_for_model(instance) if instance is not None else None,
        object_id=str(instance.pk)[:64] if instance is not None and instance.pk is not None else "",
        object_repr=str(instance)[:300] if instance is not None else "",
        before=entry.before,
        after=entry.after,
        message=(audit_messages.encode(entry.event, entry.params) if entry.event else entry.message)[:500],
    )


def record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    event: str = "",
    params: Mapping | None = None,
    message: str = "",
    at: datetime | None = None,
) -> AuditLog:
    """Append one row. `event` names what happened (a code of core.audit_messages.EVENTS, which
    renders it as a sentence) with its `params`; writers never pass free text. `message` is the raw
    stored form, for the chain's own tests only. `at` is when the event happened if not now (rows
    recorded after the fact)."""
    entry = Entry(action, instance, before, after, message, at, event=event, params=params)
    return record_many(actor=actor, entries=[entry])[0]


def record_many(*, actor, entries: Iterable[Entry]) -> list[AuditLog]:
    """Append one row per entry, in their order, by the same actor: the rows `record` would write one
    by one, chained the same way, in a constant number of queries (a batch job's many changes)."""
    ctx = request_context.current()
    return _append([_row(actor, entry, ctx) for entry in entries])


def record_saved(
    *,
    actor,
    instance: models.Model,
    before: dict | None,
    fields: Iterable[str] | None = None,
    action: str = "",
    event: str = "",
    params: Mapping | None = None,
) -> AuditLog:
    """The row of a write a service has just saved: `before` as `snapshot(instance, fields)` took it
    ahead of the change (None: the row is new), the after taken now the same way. The action is an
    UPDATE (a CREATE when there was no before) unless `action` names another."""
    names = None if fields is None else list(fields)
    return record(
        actor=actor,
        action=action or (AuditAction.CREATE if before is None else AuditAction.UPDATE),
        instance=instance,
        before=before,
        after=snapshot(instance, names),
        event=event,
        params=params,
    )


@dataclass
class ChainCheck:
    checked: int
    head: str
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def check_chain(rows: Iterable[Mapping], *, start: str = GENESIS) -> ChainCheck:
    """Walk rows (mappings of the sealed content plus `id` and `row_hash`) in id order."""
    prev, checked = start, 0
    for row in rows:
        if row["prev_hash"] != prev:
            return ChainCheck(checked, prev, row["id"], "prev_hash")
        if not hmac.compare_digest(seal(row), row["row_hash"]):
            return ChainCheck(checked, prev, row["id"], "row_hash")
        prev, checked = row["row_hash"], checked + 1
    return ChainCheck(checked, prev)


def stored_rows(queryset=None, *, chunk_size: int = 2000) -> Iterable[dict]:
    """The online rows as sealed-content dicts with id and row_hash, streamed in id order."""
    queryset = AuditLog.objects.all() if queryset is None else queryset
    for row in queryset.order_by("id").iterator(chunk_size=chunk_size):
        yield {**content_of(row), "id": row.id, "row_hash": row.row_hash}


def verify_chain(*, chunk_size: int = 2000) -> ChainCheck:
    return check_chain(stored_rows(chunk_size=chunk_size))


__all__ = [
    "AuditAction",
    "Entry",
    "check_chain",
    "record",
    "record_many",
    "seal",
    "snapshot",
    "stored_rows",
    "verify_chain",
]
