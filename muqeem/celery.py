import os

from celery import Celery

# Production unless told otherwise, like manage.py and wsgi.py (this module is imported first by
# all of them, through muqeem/__init__.py): never DEBUG and a published key by accident.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "muqeem.settings.production")

app = Celery("muqeem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
