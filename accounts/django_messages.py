"""Django messages our users see whose Arabic is missing from Django's own catalogue.

Django 5.2 reworded the minimum-length password error (`%d` instead of `%(min_length)d`) and its
Arabic catalogue has not caught up, so the activation and password forms showed it in English.
Marking the exact strings here puts them in our catalogue, which Django consults first.
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
