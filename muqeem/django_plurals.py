"""Django's own counted phrases, marked here so our catalogue can give them all six Arabic forms.

Django's Arabic catalogue gets several forms wrong: `filesizeformat` wrote "303 بايتان" (the dual
for every number ending in 3–10) and `timesince` "2 يومين". Our catalogue is consulted before
Django's, so marking the exact message ids here puts the right Arabic in front of them.
Nothing imports this module; `makemessages` reads it.
"""

from django.utils.translation import ngettext_lazy

FILE_SIZE_BYTES = ngettext_lazy("%(size)d byte", "%(size)d bytes", "size")

TIME_STRINGS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}
