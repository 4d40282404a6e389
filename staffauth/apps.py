from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class StaffAuthConfig(AppConfig):
    name = "staffauth"
    verbose_name = _("Staff second factor")


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin itself, whose `admin.site` (where every app registers its models) is
    the site that asks for the second factor. Listed in INSTALLED_APPS in place of
    "django.contrib.admin"."""

    default = False
    default_site = "staffauth.sites.StaffAdminSite"
