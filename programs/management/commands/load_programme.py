from django.core.management.base import BaseCommand, CommandError

from programs.loader import DEFAULT_PROGRAMME_FILE, ProgrammeFileError, programme_load_file


class Command(BaseCommand):
    help = "Load a three-year programme (policy as data) from a YAML file of the programs/data format."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PROGRAMME_FILE))
        parser.add_argument("--replace", action="store_true", help="recreate the programme if already loaded")

    def handle(self, *args, path, replace, **options):
        try:
            programme = programme_load_file(path=path, replace=replace)
        except ProgrammeFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{programme}: {programme.paths.count()} paths, {programme.pools.count()} pools, "
                f"{programme.indicators.count()} indicators"
            )
        )
