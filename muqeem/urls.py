"""Where every request goes: one include per app, each app's urls.py names its pages.

Configuration only: no view is imported here; the error handlers are named by dotted path."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("accounts.language_urls")),
    path("accounts/", include("accounts.urls")),
    path("eservices/", include("eservices.urls")),
    path("tawasul/", include("tawasul.urls")),
    path("subscriptions/", include("subscriptions.urls")),
    # The staff second factor, between the admin's log-in and the admin.
    path("staff/", include("staffauth.urls")),
    path("privacy/", include("privacy.urls")),
    path("rate/", include("ratings.urls")),
    path("admin/", admin.site.urls),
    # The home page, /health/ and security.txt (core/urls.py).
    path("", include("core.urls")),
]

if "debug_toolbar" in settings.INSTALLED_APPS:  # DJANGO_DEBUG_TOOLBAR=1 under local settings only
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()

handler403 = "tawasul.errors.permission_denied"
handler404 = "tawasul.errors.page_not_found"
handler500 = "tawasul.errors.server_error"
