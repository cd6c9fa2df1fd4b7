import gzip
import json
import os
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import audit
from core.models import AuditAction, AuditLog


class Command(BaseCommand):
    """Write the audit rows before a date to a gzip JSON-lines file, with their hashes.

    Rows are never deleted (the table is append-only; see core/audit.py): the file is the copy kept
    off-line. It holds the chain from its first row up to the last row before the date, so
    `audit_verify --file` checks it on its own.
    The date must lie at least AUDIT_RETENTION_DAYS (≥ 180) in the past."""

    help = "Archive audit rows older than --before to --out (gzip JSON lines, chain hashes included)."

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="file to write (.jsonl.gz)")

    def handle(self, *args, **options):
        before, out = options["before"], options["out"]
        latest = timezone.localdate() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        if before > latest:
            raise CommandError(
                f"--before must be {latest} or earlier: the last {settings.AUDIT_RETENTION_DAYS} days "
                "are the online window"
            )
        if os.path.exists(out):
            raise CommandError(f"{out} exists; an archive is never overwritten")
        cutoff = timezone.make_aware(datetime.combine(before, time.min))
        # A prefix of the chain, so the file verifies on its own: from the first row up to the last one
        # written before the cutoff (rows are written in time order, so in practice all of them are old).
        last_old = AuditLog.objects.filter(created_at__lt=cutoff).order_by("-id").values_list("id", flat=True)
        rows = AuditLog.objects.filter(id__lte=last_old.first() or 0)
        check = self._write(audit.stored_rows(rows), out)
        if not check.ok:
            os.remove(out)
            raise CommandError(f"audit chain broken at row id {check.broken_id}; nothing archived")
        audit.record(
            actor=None,
            action=AuditAction.EXPORT,
            event="audit.archived",
            params={"before": str(before), "rows": check.checked, "head": check.head},
        )
        self.stdout.write(f"archived {check.checked} rows before {before} to {out}; head {check.head}")

    def _write(self, rows, out):
        def written(stream):
            for row in rows:
                stream.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")
                yield row

        with gzip.open(out, "wt", encoding="utf-8") as stream:
            return audit.check_chain(written(stream))
