"""Where every request goes: one include per app, each app's urls.py names its pages."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from muqeem import securitytxt, views
from muqeem.health import HealthView

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("eservices/", include("eservices.urls")),
    path("tawasul/", include("tawasul.urls")),
    path("subscriptions/", include("subscriptions.urls")),
    path("privacy/", include("privacy.urls")),
    path("rate/", include("ratings.urls")),
    path("admin/", admin.site.urls),
    # For the load balancer and for security researchers: no log-in, no personal data.
    path("health/", HealthView.as_view(), name="health"),
    path(".well-known/security.txt", securitytxt.security_txt, name="security_txt"),
    path("security/", securitytxt.security_policy, name="security_policy"),
]

if "debug_toolbar" in settings.INSTALLED_APPS:  # DJANGO_DEBUG_TOOLBAR=1 under local settings only
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()

handler403 = "muqeem.views.permission_denied"
handler404 = "muqeem.views.page_not_found"
handler500 = "muqeem.views.server_error"
