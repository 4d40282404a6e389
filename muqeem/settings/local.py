"""Embedded default for `make run`: SQLite, files and e-mails in var/, Celery without a broker."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-not-secret")
# No broker: each task runs in the web process right after the transaction that queued it commits.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)

# DJANGO_DEBUG_TOOLBAR=1 make run: django-debug-toolbar's panels (SQL queries with their EXPLAIN,
# templates, cache calls) on every page, for finding what a slow page does. Off by default: the
# demo should look like the portal.
if env.bool("DJANGO_DEBUG_TOOLBAR", default=False):
    from .base import INSTALLED_APPS, MIDDLEWARE

    INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]
    MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware", *MIDDLEWARE]
    INTERNAL_IPS = ["127.0.0.1"]
