from decimal import Decimal

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def sar(value: Decimal | int | float | None) -> str:
    """An amount of riyals as the messages write it: 10,000.00 (the same in Arabic and English)."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value):,.2f}"


@register.filter
def years(value: int) -> str:
    """«3 years», in the active language's plural form."""
    return ngettext("%(years)s year", "%(years)s years", value) % {"years": value}
