from django.core.management.base import BaseCommand

from reporting.services.late_summary import rebuild


class Command(BaseCommand):
    help = "Rebuild the late list's summary (LateSummary) from every report due, as of today. Idempotent."

    def handle(self, *args, **options):
        self.stdout.write(f"{rebuild()} rows")
