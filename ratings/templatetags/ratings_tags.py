from django import template
from django.urls import reverse

from ratings.tokens import rating_token

register = template.Library()


@register.simple_tag
def rating_path(request_id: int) -> str:
    """The signed rating link of a request, made now (at rendering, never stored)."""
    return reverse("ratings:rate", args=[rating_token(request_id=request_id)])
