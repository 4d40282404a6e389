from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """The portal's two languages: a user's preferred one, an e-mail's, a subscription request's.

    Here at the bottom so that notifications need not import accounts (accounts.models re-exports
    it for the apps above)."""

    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
