"""The portal's URLs plus two pages that fail on purpose, to show the 403 and 500 pages."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from muqeem.urls import handler403, handler404, handler500, urlpatterns


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [
    *urlpatterns,
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
