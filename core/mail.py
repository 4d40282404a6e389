"""E-mail backend for the embedded default: each message becomes an .eml file a person can open."""

from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.crypto import get_random_string


class EmlFolderBackend(BaseEmailBackend):
    def __init__(self, *, file_path: str | Path | None = None, **kwargs):
        super().__init__(**kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            name = f"{stamp}-{get_random_string(6)}.eml"
            (self.folder / name).write_bytes(message.message().as_bytes(linesep="\r\n"))
        return len(email_messages)
