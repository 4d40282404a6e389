"""`manage.py outbox_test_email someone@example.com [--language en]`: check the whole e-mail path
(outbox → broker → worker → SMTP) in a deployment, the way every notification travels."""

from django.core.management.base import BaseCommand
from django.db import transaction

from core.languages import Language
from notifications.services import email_queue

TEMPLATE = "notifications/test_message"


class Command(BaseCommand):
    help = "Queue a test e-mail through the outbox and print its Message-ID."

    def add_arguments(self, parser) -> None:
        parser.add_argument("to")
        parser.add_argument("--language", choices=Language.values, default=Language.ARABIC)

    def handle(self, *args, to: str, language: str, **options) -> None:
        with transaction.atomic():
            email = email_queue(
                to=to,
                template=TEMPLATE,
                context={"requested_by": "manage.py outbox_test_email"},
                language=language,
            )
        self.stdout.write(f"Queued e-mail {email.pk}, Message-ID {email.message_id}")
