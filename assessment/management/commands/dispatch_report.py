"""python manage.py dispatch_report --month YYYY-MM: build (or rebuild, while a draft) that month's
调度通报 of the current programme — what the monthly beat task runs, for the office's technicians."""

import re

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.exceptions import Conflict


class Command(BaseCommand):
    help = "Build or rebuild (while a draft) the monthly dispatch report of YYYY-MM."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")

    def handle(self, *args, month, **options):
        from assessment.services.dispatch import generate_dispatch_report

        match = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise CommandError("--month must be YYYY-MM, e.g. 2019-03")
        try:
            report = generate_dispatch_report(int(match.group(1)), int(match.group(2)))
        except (Conflict, ValidationError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{report.pk} {report.year}-{report.month:02d} {report.state} {report.doc_number}".rstrip()
        )
