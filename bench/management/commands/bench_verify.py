"""After the concurrency run: what the database and the storage hold for the bench's submissions."""

import hashlib
import json

from django.core.management.base import BaseCommand

from subscriptions.models import SubscriptionRequest
from tawasul.models import Attachment, TawasulRequest


class Command(BaseCommand):
    help = "Report the stored Tawasul and subscription requests of the concurrency run as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--tawasul-prefix", default="bench-")
        parser.add_argument("--subscription-domain", default="crowd.example.com")

    def handle(self, *args, **options):
        requests = list(
            TawasulRequest.objects.filter(
                requester__username__startswith=options["tawasul_prefix"]
            ).values_list("pk", "number")
        )
        attachments = Attachment.objects.filter(request_id__in=[pk for pk, _ in requests])
        files = []
        for attachment in attachments:
            try:
                with attachment.file.open("rb") as handle:
                    digest = hashlib.sha256()
                    while chunk := handle.read(1024 * 1024):
                        digest.update(chunk)
                    files.append(
                        {
                            "request": attachment.request_id,
                            "name": attachment.original_name,
                            "size": attachment.size,
                            "sha256": digest.hexdigest(),
                        }
                    )
            except OSError:
                files.append({"request": attachment.request_id, "missing": True})
        subscriptions = list(
            SubscriptionRequest.objects.filter(
                email__endswith="@" + options["subscription_domain"]
            ).values_list("number", flat=True)
        )
        self.stdout.write(
            json.dumps(
                {
                    "tawasul_numbers": [number for _, number in requests],
                    "attachments": files,
                    "subscription_numbers": subscriptions,
                }
            )
        )
