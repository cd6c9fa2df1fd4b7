import gzip
import json

from django.core.management.base import BaseCommand, CommandError

from core import audit
from core.models import AuditLog


def archive_rows(path):
    """The rows of an archive file written by audit_archive (gzip JSON lines), in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


class Command(BaseCommand):
    """Walk the audit chain (core/audit.py) in id order, in chunks; exit 1 at the first broken row."""

    help = "Verify the audit trail's hash chain (online, or an archive file with --file)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="verify an archive written by audit_archive instead")
        parser.add_argument("--chunk-size", type=int, default=2000)

    def handle(self, *args, **options):
        if options["file"]:
            result = audit.check_chain(archive_rows(options["file"]))
            self._report(result)
            self._matches_online(result)
        else:
            self._report(audit.verify_chain(chunk_size=options["chunk_size"]))

    def _report(self, result):
        if not result.ok:
            what = "does not follow the previous row" if result.reason == "prev_hash" else "was altered"
            raise CommandError(
                f"audit chain broken at row id {result.broken_id}: the row {what} "
                f"({result.checked} rows verified before it)"
            )
        self.stdout.write(f"audit chain intact: {result.checked} rows, head {result.head}")

    def _matches_online(self, result):
        """The archive's last row must still be online, unchanged: the trail was not rewritten since."""
        if not result.checked:
            return
        online = AuditLog.objects.filter(row_hash=result.head).values_list("id", flat=True).first()
        if online is None:
            raise CommandError("the archive's last row is no longer in the online trail")
        self.stdout.write(f"the archive's last row is online as row id {online}")
