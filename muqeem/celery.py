import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "muqeem.settings.local")

app = Celery("muqeem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
