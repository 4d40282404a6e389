"""Settings for `make test`. DATABASE_URL and REDIS_URL switch the real-service layer on."""

from datetime import timedelta

from .base import *  # noqa: F403
from .base import VAR_DIR, env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
# One test's simulated broker outage must not hold back the next test's e-mails.
NOTIFICATIONS_BROKER_PAUSE = timedelta(0)
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "test-media")
EMAIL_FILE_PATH = VAR_DIR / "test-mail"
# Text messages stay in memory (notifications.sms_backends.MemoryBackend.outbox), like e-mails.
SMS_BACKEND = "notifications.sms_backends.MemoryBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False}

# The real-service layer (tests/fixtures/real_services.py) starts a real `celery worker` subprocess
# with these settings and MUQEEM_TEST_WORKER=1: tasks come through Redis, e-mails go to the test's
# loopback SMTP server; retries and the outbox sweep (embedded beat) take seconds, not minutes.
if env.bool("MUQEEM_TEST_WORKER", default=False):
    CELERY_TASK_ALWAYS_EAGER = False
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = env.int("TEST_SMTP_PORT")
    EMAIL_TIMEOUT = 5
    # The worker writes text messages to a folder the test reads (one file per outbox row).
    SMS_BACKEND = "notifications.sms_backends.FolderBackend"
    SMS_FILE_PATH = VAR_DIR / "test-worker-sms"
    NOTIFICATIONS_RETRY_BACKOFF = 0.5
    NOTIFICATIONS_RETRY_BACKOFF_MAX = 2.0
    NOTIFICATIONS_RESEND_AFTER = timedelta(seconds=2)
    CELERY_BEAT_SCHEDULE = {
        "notifications-sweep-unsent": {
            "task": "notifications.tasks.sweep_unsent_emails",
            "schedule": timedelta(seconds=1),
            "options": {"expires": 5},
        },
        "tawasul-notify-overdue": {
            "task": "tawasul.tasks.notify_overdue_requests",
            "schedule": timedelta(seconds=1),
            "options": {"expires": 5},
        },
    }
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "loggers": {"notifications": {"handlers": ["console"], "level": "INFO"}},
    }
