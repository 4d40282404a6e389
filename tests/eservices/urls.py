"""The portal's URLs plus pages that fail on purpose, for the error-page tests only."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from muqeem.urls import handler403, handler404, handler500
from muqeem.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def broken_page(request):
    raise RuntimeError("a bug in a view")


def forbidden_page(request):
    raise PermissionDenied


urlpatterns = [
    path("test-only/broken/", broken_page),
    path("test-only/forbidden/", forbidden_page),
    *portal_urlpatterns,
]
