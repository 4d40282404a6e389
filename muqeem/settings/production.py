"""Production: PostgreSQL, Redis, S3-compatible storage and SMTP, all from environment variables.

Secrets have no defaults here: a missing one stops the process at start-up.
"""

from .base import *  # noqa: F403
from .base import CACHES, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links in e-mails: the public address, by default the first allowed host over HTTPS.
SITE_URL = env("SITE_URL", default=f"https://{ALLOWED_HOSTS[0].lstrip('.')}")

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

CELERY_BROKER_URL = env("REDIS_URL")
CELERY_TASK_ALWAYS_EAGER = False
CACHES = {**CACHES, "default": env.cache("CACHE_URL", default=env("REDIS_URL"))}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Same cache, one redis.Redis client per pool instead of one per call, JSON instead of pickles
    # (speed/caches.py).
    CACHES["default"]["BACKEND"] = "speed.caches.RedisCache"
    # Sessions and user snapshots: in the same Redis, read from each process's memory until
    # Redis announces a change (speed/caches.py LocalFirstRedisCache).
    CACHES["auth"] = {
        **CACHES["default"],
        "BACKEND": "speed.caches.LocalFirstRedisCache",
        "KEY_PREFIX": "auth",
    }
else:
    CACHES["auth"] = CACHES["default"]
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_email = env.email_url("EMAIL_URL")
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)

# Text messages go to the operator's HTTP SMS gateway (notifications.sms_backends): its URL and
# token have no defaults, so a process without them does not start.
SMS_BACKEND = env("SMS_BACKEND", default="notifications.sms_backends.HttpGatewayBackend")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN")

# Uploaded documents on S3-compatible storage, private, reached only through signed, short-lived
# URLs that authorised views hand out; static files through WhiteNoise.
_S3 = "storages.backends.s3.S3Storage"
_default_storage = env("DJANGO_DEFAULT_STORAGE", default=_S3)
STORAGES = {
    "default": {"BACKEND": _default_storage, "OPTIONS": {}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if _default_storage == _S3:
    # Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the instance role), read
    # by boto3 itself. The bucket has no default: a missing one would surface at the first upload.
    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env("AWS_S3_REGION_NAME", default=None),
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
    }

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The load balancer asks /health/ over plain HTTP on the instance itself: answer, don't redirect.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
