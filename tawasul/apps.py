from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TawasulConfig(AppConfig):
    name = "tawasul"
    verbose_name = _("Tawasul requests")
