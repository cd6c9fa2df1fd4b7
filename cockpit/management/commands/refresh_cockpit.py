from django.core.management.base import BaseCommand

from cockpit.services import refresh_cockpit


class Command(BaseCommand):
    help = "Refresh the cockpit's summary tables (every year of the current programme, or --year)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args, year=None, **options):
        for run in refresh_cockpit(year=year):
            self.stdout.write(f"{run.year}: {run.rows} rows in {run.seconds} s (as of {run.as_of})")
