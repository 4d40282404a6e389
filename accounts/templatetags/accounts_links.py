"""Links that e-mail templates make at delivery time, from what the outbox row keeps."""

from django import template

from accounts import tokens

register = template.Library()


@register.simple_tag
def email_change_confirm_url(change_id: int) -> str:
    return tokens.email_change_confirm_url(change_id)
