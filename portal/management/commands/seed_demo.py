import json
import time

from django.core.management.base import BaseCommand

from portal.demo import seed_demo


class Command(BaseCommand):
    help = "Load the policy if missing, demo accounts for every role and unit, and generated enterprises/projects."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 ≈ a district (~1,500 enterprises)")
        parser.add_argument(
            "--accounts-json", dest="accounts_json", help="write the demo accounts to this JSON file"
        )
        parser.add_argument("--quiet", action="store_true", help="do not print the accounts table")

    def handle(self, *args, scale, accounts_json, quiet, **options):
        started = time.monotonic()
        accounts, created = seed_demo(scale=scale)
        elapsed = time.monotonic() - started
        if accounts_json:
            with open(accounts_json, "w", encoding="utf-8") as fh:
                json.dump([a.as_dict() for a in accounts], fh, ensure_ascii=False, indent=2)
        flat = {}
        for name, n in created.items():  # the reporting seed reports several counts of its own
            flat.update({f"{name} {k}": v for k, v in n.items()} if isinstance(n, dict) else {name: n})
        added = ", ".join(f"+{n} {name.replace('_', ' ')}" for name, n in flat.items())
        self.stdout.write(self.style.SUCCESS(f"seed_demo: scale {scale}, {added} in {elapsed:.1f}s"))
        if not quiet:
            self.stdout.write("\n演示账号 / demo accounts (one per role and unit):")
            self.stdout.write(f"{'username':<28}{'role':<12}{'password':<18}unit")
            for a in accounts:
                self.stdout.write(f"{a.username:<28}{a.role:<12}{a.password:<18}{a.unit}")
