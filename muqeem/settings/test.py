"""Settings for `make test`. DATABASE_URL and REDIS_URL switch the real-service layer on."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "test-media")
EMAIL_FILE_PATH = VAR_DIR / "test-mail"
LOGGING = {"version": 1, "disable_existing_loggers": False}
