from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo log-ins."

    def handle(self, *args, **options):
        self.stdout.write("demo data: not yet")
