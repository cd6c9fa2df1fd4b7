from django.core.management.base import BaseCommand

from pools.reach import rebuild


class Command(BaseCommand):
    help = "Recount the enterprises each department follows (部门在库企业) from the pools' entries."

    def handle(self, *args, **options):
        self.stdout.write(f"{rebuild()} rows")
