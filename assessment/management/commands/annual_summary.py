"""python manage.py annual_summary --year YYYY: build (or rebuild, while a draft) that year's summary
(一年一总结) of the current programme."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.exceptions import Conflict


class Command(BaseCommand):
    help = "Build or rebuild (while a draft) the annual summary of YYYY."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, type=int, help="YYYY")

    def handle(self, *args, year, **options):
        from assessment.services.annual import generate_annual_summary

        try:
            summary = generate_annual_summary(year)
        except (Conflict, ValidationError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{summary.pk} {summary.year} {summary.state} {summary.doc_number}".rstrip())
