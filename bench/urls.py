"""The portal's URLs plus the bare yardstick view. Only `muqeem.settings.bench` routes here."""

from django.urls import path

from bench import views
from muqeem.urls import handler403, handler404, handler500
from muqeem.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("bench/bare/", views.bare, name="bench_bare"),
    path("bench/bare-user/", views.bare_user, name="bench_bare_user"),
    *portal_urlpatterns,
]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
