from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app that has demo data keeps it in <app>/demo.py as `load_demo(stdout) -> list[str]`,
# returning the lines (log-ins, hints) to print. Order matters: accounts first.
DEMO_APPS = ["accounts", "eservices", "tawasul", "subscriptions"]


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent: running it again changes nothing) "
        "and print the demo log-ins."
    )

    def handle(self, *args, **options):
        lines: list[str] = []
        with transaction.atomic():
            for app in DEMO_APPS:
                try:
                    demo = import_module(f"{app}.demo")
                except ModuleNotFoundError:
                    continue
                lines.extend(demo.load_demo() or [])
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log-ins:"))
        for line in lines:
            self.stdout.write(f"  {line}")
