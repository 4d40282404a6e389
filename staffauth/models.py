"""django-otp's device models, as the admin shows them (in Arabic, without keys or codes).

Proxies: the rows stay django-otp's; only superusers hold the permissions, and deleting a
member's authenticator here is how a lost phone is answered (they set up a new one at their
next log-in, and the sessions it verified lose the admin at once).
"""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class Authenticator(TOTPDevice):
    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")


class BackupCodeSet(StaticDevice):
    class Meta:
        proxy = True
        verbose_name = _("set of backup codes")
        verbose_name_plural = _("sets of backup codes")
