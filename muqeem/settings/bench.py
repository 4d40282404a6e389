"""`make bench` only: the production settings, plus the bench's URL conf with the bare view.

Never served in production. The defaults below point at this machine's loopback PostgreSQL and
Redis;
`python -m bench` sets every variable explicitly, so these only help when running manage.py by hand.
"""

import os

_BENCH_DEFAULTS = {
    "DJANGO_SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": "postgres://postgres:postgres@127.0.0.1:5432/muqeem_bench",
    "REDIS_URL": "redis://127.0.0.1:6379/7",
    "EMAIL_URL": "smtp://127.0.0.1:2525",
    # Text messages to files under var/, never to a gateway.
    "SMS_BACKEND": "notifications.sms_backends.FolderBackend",
    "SMS_GATEWAY_URL": "http://127.0.0.1:9/",
    "SMS_GATEWAY_TOKEN": "bench-only",
    # Plain http on loopback: no redirect to https, files on the local disk instead of S3.
    "DJANGO_SECURE_SSL_REDIRECT": "False",
    "DJANGO_DEFAULT_STORAGE": "django.core.files.storage.FileSystemStorage",
}
for _name, _value in _BENCH_DEFAULTS.items():
    os.environ.setdefault(_name, _value)

from .production import *  # noqa: E402, F403
from .production import INSTALLED_APPS, VAR_DIR, env  # noqa: E402

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=VAR_DIR / "bench" / "static")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "bench" / "media")
SECURE_HSTS_SECONDS = 0
# The real-service layer and the bench share one Redis; keep the bench's keys apart.
# The pages and scale parts use two databases on one Redis: user snapshots keyed by id must not
# cross from one to the other.
_DATABASE = DATABASES["default"]["NAME"]  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = f"bench-{_DATABASE}"  # noqa: F405
CACHES["auth"]["KEY_PREFIX"] = f"bench-auth-{_DATABASE}"  # noqa: F405
# The "drawn fresh" column of `make bench` (BENCH_DRAWN_FRESH=1): whatever code caches pages and
# fragments, it reaches them through these two aliases, so with both dummies every page is drawn
# as on a first visit. The other aliases (sessions and user snapshots in "auth", "default") stay
# as in production.
if env.bool("BENCH_DRAWN_FRESH", default=False):
    for _alias in ("pages", "fragments"):
        CACHES[_alias] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
