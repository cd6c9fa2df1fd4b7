from django.core.management.base import BaseCommand, CommandError

from assessment.loader import DEFAULT_FILE, AssessmentFileError, assessment_load_file


class Command(BaseCommand):
    help = "Load yearly assessment schemes and review/escalation rules from a YAML file (assessment/data format)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FILE))

    def handle(self, *args, path, **options):
        try:
            schemes = assessment_load_file(path=path)
        except AssessmentFileError as exc:
            raise CommandError(str(exc)) from exc
        for scheme in schemes:
            self.stdout.write(self.style.SUCCESS(f"{scheme.code}: {scheme.indicators.count()} indicators"))
