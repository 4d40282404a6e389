"""Settings shared by every environment. Values that differ come from environment variables."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    # django.contrib.admin, with a default site that lets in only staff who gave their second
    # factor (staffauth/sites.py).
    "staffauth.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    # The audit log of privileged actions: the bottom layer, imports no domain app.
    "audit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "notifications",
    "eservices",
    "tawasul",
    "subscriptions",
    "privacy",
    "ratings",
    # Every cache of pages, sessions and users, and its contract (speed/__init__.py).
    "speed",
    "staffauth",
]

MIDDLEWARE = [
    # First: audit entries written anywhere below know the request's client address and user.
    "audit.middleware.AuditContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise: static files keep their long public cache and need no policy.
    "core.middleware.ContentSecurityPolicyMiddleware",
    # Above sessions and CSRF, so it sees the cookies they set on the way out.
    "core.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ArabicFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends a signed-in session idle too long, or too old (accounts/sessions.py); before django-otp,
    # which then sees the visitor as anonymous.
    "accounts.sessions.SessionLifetimeMiddleware",
    # request.user.is_verified(): whether this session passed the staff second factor (staffauth).
    "staffauth.middleware.OTPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lock-out raised by authentication into our page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp) on every page: everything from the portal itself, nothing
# inline. Templates and admin code carry no <script> body, <style> block, style="…" or on…=
# attribute (they would need 'unsafe-inline' or nonces, and nonces would break the whole-page
# cache); scripts are files under static/js/, styles under static/css/. data: images are Bootstrap's
# own SVG icons in its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

ROOT_URLCONF = "muqeem.urls"
# A refused form (expired page, CSRF) is an error page like the others: incident and Tawasul link.
CSRF_FAILURE_VIEW = "tawasul.errors.csrf_failure"
WSGI_APPLICATION = "muqeem.wsgi.application"

TEMPLATES = [
    # The portal's pages (jinja2/): Jinja2, several times faster than Django's engine for a page
    # drawn afresh (bench/FINDINGS.md). Tried first; what it does not have (the admin, e-mails in
    # templates/, the apps' own templates) falls through to Django's engine below.
    {
        "BACKEND": "muqeem.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "muqeem.jinja2.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, with the signed-in user read from a signed snapshot (speed/snapshots.py).
    "speed.auth.SnapshotModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Password-reset requests (django-ratelimit, default cache): per e-mail address, beyond which the
# page reads the same but no more e-mails go out (the inbox is not flooded, and nothing tells
# whether an account uses the address); per client address, beyond which the form says to wait.
PASSWORD_RESET_EMAIL_RATE = env("PASSWORD_RESET_EMAIL_RATE", default="3/h")
PASSWORD_RESET_CLIENT_RATE = env("PASSWORD_RESET_CLIENT_RATE", default="10/h")
# A new e-mail address takes effect when the link sent to it is opened within this time.
EMAIL_CHANGE_TIMEOUT = 60 * 60 * 24
# Wrong current passwords a logged-in user may type (e-mail or password change) per 15 minutes.
ACCOUNTS_REAUTH_RATE = "5/15m"

# Arabic first, English second. The language is the user's choice (cookie), never the browser's.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "muqeem_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Riyadh"
USE_I18N = True
USE_TZ = True
# Arabic dates in Arabic order ("2 ديسمبر 2026"); see muqeem/formats/ar/formats.py.
FORMAT_MODULE_PATH = ["muqeem.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=VAR_DIR / "staticfiles")
# Uploaded documents are private: there is no MEDIA_URL, they leave only through authorised views.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Files one request may send (Django answers 400 beyond it, before any file is stored). A form
# takes at most 5 (TAWASUL_ATTACHMENT_MAX_COUNT): up to 10, the form itself says "at most 5"
# next to the field, before reading any file's content.
DATA_UPLOAD_MAX_NUMBER_FILES = 10

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://muqeem"),
    # Rendered template fragments ({% cache … using="fragments" %}): in each process's memory, so
    # a cached header or form costs no round trip to Redis. Every key names what the fragment
    # depends on (language, section, the row's last change, the user where it shows their data).
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "muqeem-fragments",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # Whole rendered pages (speed/pages.py), also in each process's memory: about 10-25 kB
    # each, so at most some 25 MB a process.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "muqeem-pages",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    # Sessions and signed-in user snapshots (speed/snapshots.py): read on every logged-in
    # request. Production keeps them in Redis with copies in each process's memory, dropped
    # through Redis the moment they change (speed.caches.LocalFirstRedisCache).
    "auth": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "muqeem-auth"},
}
SESSION_CACHE_ALIAS = "auth"

# E-mail: EMAIL_URL picks the transport (smtp://user:pass@host:port, or the local folder backend).
EMAIL_BACKEND = "core.mail.EmlFolderBackend"
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Muqeem Tawasul <no-reply@muqeem.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# Celery: Redis in production; in the embedded default tasks run in-process when the web request
# commits.
CELERY_BROKER_URL = env("REDIS_URL", default="memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# When Redis goes away mid-task, let the task finish (the outbox marks the e-mail sent; the late
# ack is lost and the redelivered copy finds the row sent) rather than cancel it mid-SMTP.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# A publish to an unreachable broker must fail fast: the outbox row is already committed and the
# sweep will enqueue it again, so the user's request should not hang waiting for Redis.
# Measured: with Redis refused, `delay()` gives up in under 0.1 s, with Redis hung in about 2 s (see
# tests/realservices/test_email_delivery.py). One retry is kept so that a pooled connection gone
# stale when Redis restarted is replaced transparently. socket_timeout stays above kombu's BRPOP
# timeout (1 s).
_FAIL_FAST = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {**_FAIL_FAST, "socket_connect_timeout": 1, "socket_timeout": 2}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = _FAIL_FAST
# `celery -A muqeem beat` runs the outbox sweep every minute; a sweep that waited longer than that
# in a stopped queue is dropped rather than piled up.
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep-unsent": {
        "task": "notifications.tasks.sweep_unsent_emails",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 55},
    },
    "tawasul-purge-stale-drafts": {
        "task": "tawasul.tasks.purge_stale_drafts",
        "schedule": timedelta(hours=6),
    },
    # Answer-by dates passed: supervisors and assignees are e-mailed once per request.
    "tawasul-notify-overdue": {
        "task": "tawasul.tasks.notify_overdue_requests",
        "schedule": timedelta(minutes=15),
        "options": {"expires": 600},
    },
    "tawasul-purge-expired-documents": {
        "task": "tawasul.tasks.purge_expired_documents",
        "schedule": timedelta(days=1),
    },
    "audit-purge-expired": {
        "task": "audit.tasks.purge_expired_entries",
        "schedule": timedelta(days=1),
    },
}
# Beat's own bookkeeping file (last run times); var/ is created by `make run`/`make test`.
CELERY_BEAT_SCHEDULE_FILENAME = env(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)

# Notification outbox: an e-mail still pending after this long is enqueued again by the sweep.
NOTIFICATIONS_RESEND_AFTER = timedelta(minutes=2)
# After a publish failed, the web process leaves new e-mails to the sweep for this long instead of
# making each request wait on a broker that is down.
NOTIFICATIONS_BROKER_PAUSE = timedelta(seconds=10)
# SMTP failures: up to 8 attempts, 5 s after the first failure, doubling to at most 5 minutes apart
# (about 10 minutes in all); then the e-mail is marked failed and staff can send it again from the
# admin.
NOTIFICATIONS_MAX_ATTEMPTS = 8
NOTIFICATIONS_RETRY_BACKOFF = 5.0
NOTIFICATIONS_RETRY_BACKOFF_MAX = 300.0
# The right-hand side of each e-mail's Message-ID: the sender's domain.
NOTIFICATIONS_MESSAGE_ID_DOMAIN = env(
    "NOTIFICATIONS_MESSAGE_ID_DOMAIN",
    default=DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "muqeem.example",
)

# Text messages (notifications/sms_backends.py), through the same outbox as the e-mails. The
# embedded default writes each one to var/sms/; production posts them to an HTTP gateway.
SMS_BACKEND = env("SMS_BACKEND", default="notifications.sms_backends.FolderBackend")
SMS_FILE_PATH = env.path("SMS_FILE_PATH", default=VAR_DIR / "sms")
SMS_SENDER = env("SMS_SENDER", default="Muqeem")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
SMS_GATEWAY_TIMEOUT = 10

# PDPL retention: the documents of a request closed this long ago are deleted by the daily task
# tawasul.tasks.purge_expired_documents (the request, its history and replies stay).
TAWASUL_DOCUMENT_RETENTION_DAYS = env.int("TAWASUL_DOCUMENT_RETENTION_DAYS", default=730)

# django-axes (accounts/lockout.py): within AXES_COOLOFF_TIME, 5 wrong passwords for one user name
# from one address lock that pair, and 10 from one address over any user names lock the address.
# Someone elsewhere cannot lock the real user out; one address gets at most 10 guesses per window.
# The address is the portal's client address (TRUSTED_PROXY_HOPS), never the proxy's.
AXES_FAILURE_LIMIT = 5
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.PairAndAddressHandler"
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_VERBOSE = False

SITE_NAME = _("Muqeem Tawasul")

# Sessions (accounts/sessions.py; the README's "Security" says why these lengths). A signed-in
# session ends after this long without a request, staff sooner or equally soon; and, however
# active, this long after the log-in. Staff session cookies also end when the browser closes.
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30))
STAFF_SESSION_IDLE_TIMEOUT = timedelta(
    minutes=env.int("STAFF_SESSION_IDLE_TIMEOUT_MINUTES", default=30)
)
SESSION_MAX_AGE = timedelta(hours=env.int("SESSION_MAX_AGE_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_MAX_AGE.total_seconds())

# Staff second factor (staffauth): TOTP from an authenticator app, or a one-time backup code.
OTP_TOTP_ISSUER = "Muqeem Tawasul"
# django-otp's own back-off (1, 2, 4… seconds, where a right code typed too soon reads as wrong) is
# replaced by a plain lock: this many wrong codes in a row lock the second step for this long.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
STAFF_OTP_FAILURE_LIMIT = 5
STAFF_OTP_LOCKOUT = timedelta(minutes=15)
STAFF_OTP_BACKUP_CODES = 10
# Device keys and backup codes never appear in the admin's device pages.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Absolute links in e-mails (activation, password reset, request pages) start with this.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Subscription requests (django-ratelimit, per client address, counted in the default cache): new
# requests from the anonymous form, and status look-ups. Raise them for load tests from one address.
SUBSCRIPTIONS_SUBMIT_RATE = env("SUBSCRIPTIONS_SUBMIT_RATE", default="5/h")
SUBSCRIPTIONS_LOOKUP_RATE = env("SUBSCRIPTIONS_LOOKUP_RATE", default="20/h")
# Answers to «هل كانت هذه الصفحة مفيدة؟» per client address (django-ratelimit, default cache);
# beyond it they are not counted. Each person answers once per page and session, on 7 pages; the
# margin is for the many people an establishment's network shows behind one address.
PAGE_FEEDBACK_RATE = env("PAGE_FEEDBACK_RATE", default="30/h")
# Reverse proxies in front of the portal that append the client's address to X-Forwarded-For
# (0 = clients connect directly). Per-address rate limits use it to find the real client.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)

# Audit log (audit/): entries older than this are deleted daily by the beat schedule above. At
# least 365 days (NCA ECC 2-12-3): a lower value fails `manage.py check` and the purge refuses it.
AUDIT_RETENTION = timedelta(days=env.int("AUDIT_RETENTION_DAYS", default=400))

# /.well-known/security.txt (RFC 9116): where to report a vulnerability. Expires is always this
# many days ahead (RFC 9116 asks for less than a year), so the file never goes stale unnoticed
# while the contact below is kept current.
SECURITY_TXT_CONTACT = env.list(
    "SECURITY_TXT_CONTACT", default=[f"mailto:security@{NOTIFICATIONS_MESSAGE_ID_DOMAIN}"]
)
SECURITY_TXT_EXPIRES_DAYS = env.int("SECURITY_TXT_EXPIRES_DAYS", default=180)
