"""The audit trail is append-only (ORM and database) and chained: every row sealed with the previous
row's seal, a command that finds the first broken row, an archive file that verifies on its own."""

import gzip
import json
import threading
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.utils import timezone

from core import audit
from core.models import AuditAction, AuditLog


def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


def _execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _behind_the_trigger(sql, params=()):
    """What a table owner could do: switch the trigger off, change the table, switch it on again."""
    _execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred check of the test's rows
    _execute("ALTER TABLE core_auditlog DISABLE TRIGGER core_auditlog_append_only")
    _execute(sql, params)
    _execute("ALTER TABLE core_auditlog ENABLE TRIGGER core_auditlog_append_only")


@pytest.fixture
def three_rows(office_user):
    return [
        audit.record(actor=office_user, action=AuditAction.EXPORT, message=f"row {n}", after={"n": n})
        for n in range(3)
    ]


@pytest.mark.django_db
def test_rows_are_chained_in_id_order_and_the_chain_verifies(three_rows):
    # given three rows just written
    first, second, third = three_rows
    # then each one names the seal of the row before it
    assert second.prev_hash == first.row_hash and third.prev_hash == second.row_hash
    assert len({first.row_hash, second.row_hash, third.row_hash}) == 3
    # and the stored rows verify from the first row of the table to the last
    check = audit.verify_chain()
    assert check.ok, check
    assert check.head == third.row_hash
    assert check.checked == AuditLog.objects.count()


@pytest.mark.django_db
def test_the_first_row_of_the_trail_follows_the_genesis_value():
    first = AuditLog.objects.order_by("id").first() or audit.record(actor=None, action=AuditAction.UPDATE)
    assert first.prev_hash == audit.GENESIS


@pytest.mark.django_db
def test_the_seal_does_not_depend_on_how_the_row_was_read_back(office_user):
    # given a row with an address, JSON and a type
    row = audit.record(
        actor=office_user, action=AuditAction.UPDATE, instance=office_user, before={"b": [1, "二"]}
    )
    # when it is read back from the database
    stored = AuditLog.objects.get(pk=row.pk)
    # then its content seals to the stored seal
    assert audit.seal(audit.content_of(stored)) == stored.row_hash == row.row_hash


@pytest.mark.django_db
def test_the_orm_refuses_to_change_or_delete_audit_rows(three_rows):
    row = AuditLog.objects.get(pk=three_rows[0].pk)
    row.message = "changed"
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        AuditLog.objects.filter(pk=row.pk).update(message="changed")
    with pytest.raises(TypeError):
        AuditLog.objects.filter(pk=row.pk).delete()
    with pytest.raises(TypeError):
        AuditLog.objects.bulk_create([AuditLog(action=AuditAction.UPDATE)])
    with pytest.raises(TypeError, match="core.audit.record"):
        AuditLog.objects.create(action=AuditAction.UPDATE)
    assert AuditLog.objects.get(pk=row.pk).message == "row 0"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    ["UPDATE core_auditlog SET message = 'forged' WHERE id = %s", "DELETE FROM core_auditlog WHERE id = %s"],
)
def test_the_database_refuses_update_and_delete_of_audit_rows(three_rows, sql):
    # when raw SQL tries to change or remove a row
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _execute(sql, [three_rows[1].pk])
    # then the row is as written
    assert AuditLog.objects.get(pk=three_rows[1].pk).message == "row 1"


@pytest.mark.django_db
def test_postgresql_refuses_truncate_of_the_audit_table(three_rows):
    _postgres_only()
    # when a session that has not been told otherwise truncates the trail
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _execute("SET LOCAL portal.audit_truncate = 'off'")
        _execute("SET CONSTRAINTS ALL IMMEDIATE")  # the rows' deferred FK checks, or TRUNCATE waits on them
        _execute("TRUNCATE core_auditlog CASCADE")
    # then the rows are still there
    assert AuditLog.objects.filter(pk__in=[r.pk for r in three_rows]).count() == 3


@pytest.mark.django_db
def test_two_rows_can_never_follow_the_same_row(three_rows):
    # given a row inserted by hand after the second row, beside the third (a fork)
    second = three_rows[1]
    with pytest.raises(IntegrityError), transaction.atomic():
        _execute(
            "INSERT INTO core_auditlog (created_at, actor_username, user_agent, action, object_id, object_repr,"
            " message, prev_hash, row_hash) VALUES (%s, '', '', 'update', '', '', 'fork', %s, %s)",
            [timezone.now(), second.row_hash, "f" * 64],
        )


@pytest.mark.django_db
def test_verify_finds_a_row_inserted_without_the_key(three_rows):
    # given a row appended by raw SQL (inserts are allowed) that follows the chain but with a made-up seal
    _execute(
        "INSERT INTO core_auditlog (created_at, actor_username, user_agent, action, object_id, object_repr,"
        " message, prev_hash, row_hash) VALUES (%s, 'intruder', '', 'update', '', '', 'forged', %s, %s)",
        [timezone.now(), three_rows[2].row_hash, "e" * 64],
    )
    forged = AuditLog.objects.get(message="forged")
    # when the chain is verified
    check = audit.verify_chain()
    # then it breaks at the forged row, and the command says so and fails
    assert (check.ok, check.broken_id, check.reason) == (False, forged.pk, "row_hash")
    with pytest.raises(CommandError, match=f"row id {forged.pk}"):
        call_command("audit_verify", chunk_size=2)


@pytest.mark.django_db
def test_verify_finds_a_row_changed_behind_the_trigger(three_rows, capsys):
    _postgres_only()
    call_command("audit_verify")
    assert "audit chain intact" in capsys.readouterr().out
    # given the table owner disables the trigger and edits the middle row (undone with the test)
    _behind_the_trigger(
        "UPDATE core_auditlog SET actor_username = 'someone_else' WHERE id = %s", [three_rows[1].pk]
    )
    # when the chain is verified, in small chunks
    with pytest.raises(CommandError, match=f"row id {three_rows[1].pk}: the row was altered"):
        call_command("audit_verify", chunk_size=2)


@pytest.mark.django_db
def test_verify_finds_a_removed_row(three_rows):
    _postgres_only()
    # given the middle row deleted behind the trigger
    _behind_the_trigger("DELETE FROM core_auditlog WHERE id = %s", [three_rows[1].pk])
    # then the row after the gap no longer follows the row before it
    check = audit.verify_chain()
    assert (check.broken_id, check.reason) == (three_rows[2].pk, "prev_hash")


@pytest.mark.django_db
def test_a_seal_made_with_another_key_does_not_verify(three_rows, settings):
    settings.AUDIT_HMAC_KEY = "a-key-the-forger-guessed"
    assert not audit.verify_chain().ok


# --- archive ------------------------------------------------------------------------------------------


def _days_ago(days):
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days), time(12)))


@pytest.mark.django_db
def test_archive_writes_the_old_rows_with_their_hashes_and_keeps_them_online(office_user, tmp_path, capsys):
    # given two rows from a year ago and one from today
    old = [
        audit.record(actor=office_user, action=AuditAction.UPDATE, message=f"old {n}", at=_days_ago(400))
        for n in range(2)
    ]
    recent = audit.record(actor=office_user, action=AuditAction.UPDATE, message="recent")
    before = timezone.localdate() - timedelta(days=200)
    out = tmp_path / "audit-archive.jsonl.gz"
    # when the rows before 200 days ago are archived
    call_command("audit_archive", "--before", before.isoformat(), "--out", str(out))
    # then the file holds the chain up to the last old row, with its hashes
    with gzip.open(out, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    assert [r["message"] for r in rows[-2:]] == ["old 0", "old 1"]
    assert rows[-1]["row_hash"] == old[-1].row_hash
    assert recent.pk not in {r["id"] for r in rows}
    # and every row is still online, the archive is itself an audit row, and the chain verifies
    assert AuditLog.objects.filter(pk__in=[r["id"] for r in rows]).count() == len(rows)
    assert AuditLog.objects.filter(
        action=AuditAction.EXPORT, message__startswith='{"event":"audit.archived"'
    ).exists()
    assert audit.verify_chain().ok
    # and the archive verifies on its own and matches the online trail
    capsys.readouterr()
    call_command("audit_verify", file=str(out))
    output = capsys.readouterr().out
    assert f"audit chain intact: {len(rows)} rows" in output and f"row id {old[-1].pk}" in output


@pytest.mark.django_db
def test_archive_refuses_a_date_inside_the_online_window(tmp_path, settings):
    settings.AUDIT_RETENTION_DAYS = 180
    too_recent = timezone.localdate() - timedelta(days=100)
    with pytest.raises(CommandError, match="online window"):
        call_command(
            "audit_archive", "--before", too_recent.isoformat(), "--out", str(tmp_path / "a.jsonl.gz")
        )
    assert not (tmp_path / "a.jsonl.gz").exists()


@pytest.mark.django_db
def test_an_edited_archive_file_does_not_verify(office_user, tmp_path):
    audit.record(actor=office_user, action=AuditAction.UPDATE, message="old", at=_days_ago(400))
    out = tmp_path / "a.jsonl.gz"
    before = (timezone.localdate() - timedelta(days=200)).isoformat()
    call_command("audit_archive", "--before", before, "--out", str(out))
    with gzip.open(out, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    rows[-1]["message"] = "nothing happened"
    edited = tmp_path / "edited.jsonl.gz"
    with gzip.open(edited, "wt", encoding="utf-8") as stream:
        stream.writelines(json.dumps(r) + "\n" for r in rows)
    with pytest.raises(CommandError, match="was altered"):
        call_command("audit_verify", file=str(edited))


def test_a_retention_under_six_months_is_a_configuration_error(settings):
    from core.checks import audit_retention

    settings.AUDIT_RETENTION_DAYS = 90
    assert [e.id for e in audit_retention(None)] == ["core.E001"]
    settings.AUDIT_RETENTION_DAYS = 180
    assert audit_retention(None) == []


# --- two writers at once ------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_appending_at_once_keep_one_linear_chain(office_user):
    _postgres_only()
    per_writer = 15
    before = AuditLog.objects.count()
    barrier = threading.Barrier(2)
    errors = []

    def write(tag):
        try:
            barrier.wait(timeout=10)
            for n in range(per_writer):
                # each row in its own transaction, as two request threads would write them
                with transaction.atomic():
                    audit.record(actor=office_user, action=AuditAction.UPDATE, message=f"{tag} {n}")
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=write, args=(tag,)) for tag in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    # then both writers got every row in, and the chain is one line through all of them
    assert not errors, errors
    assert AuditLog.objects.count() == before + 2 * per_writer
    check = audit.verify_chain()
    assert check.ok and check.checked == before + 2 * per_writer, check


@pytest.mark.django_db
def test_rows_appended_together_are_chained_one_by_one(
    three_rows, office_user, django_assert_max_num_queries
):
    # given a trail of three rows, when a batch appends five more in one go (a constant few queries)
    with django_assert_max_num_queries(3):
        rows = audit.record_many(
            actor=office_user,
            entries=[audit.Entry(AuditAction.UPDATE, after={"n": n}, message=f"batch {n}") for n in range(5)],
        )
    # then each follows the one before it, in order, and the whole trail verifies
    chain = [three_rows[-1], *rows]
    assert [r.prev_hash for r in rows] == [r.row_hash for r in chain[:-1]]
    assert list(AuditLog.objects.order_by("-id").values_list("message", flat=True)[:5]) == [
        f"batch {n}" for n in reversed(range(5))
    ]
    assert audit.verify_chain().ok
    # and the ORM still refuses a bulk insert that is not the chain's
    with pytest.raises(TypeError):
        AuditLog.objects.bulk_create([AuditLog(action=AuditAction.UPDATE)])
