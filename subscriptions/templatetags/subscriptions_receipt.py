"""Filters for the subscription receipt's Django template (templates/subscriptions/)."""

from django import template

from core.dates import hijri

register = template.Library()

register.filter("hijri", hijri)
