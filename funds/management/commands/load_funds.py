from django.core.management.base import BaseCommand, CommandError

from funds.loader import DEFAULT_FUNDS_FILE, FundFileError, funds_load_file


class Command(BaseCommand):
    help = "Load the transformation fund and its sub-funds (policy as data) from a YAML file of the funds/data format."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FUNDS_FILE))

    def handle(self, *args, path, **options):
        try:
            fund = funds_load_file(path=path)
        except FundFileError as exc:
            raise CommandError(str(exc)) from exc
        names = "、".join(s.name for s in fund.sub_funds.all())
        self.stdout.write(self.style.SUCCESS(f"{fund}: {names}"))
