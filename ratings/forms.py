from django import forms
from django.utils.translation import gettext_lazy as _

from ratings.models import PageFeedback

SCORES = [
    (5, _("5 — excellent")),
    (4, _("4 — good")),
    (3, _("3 — fair")),
    (2, _("2 — poor")),
    (1, _("1 — very poor")),
]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How well was your request answered?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PageFeedbackForm(forms.Form):
    """«هل كانت هذه الصفحة مفيدة؟»: the button pressed, and a reason from the list if any."""

    answer = forms.ChoiceField(choices=PageFeedback.Answer.choices)
    reason = forms.ChoiceField(choices=PageFeedback.Reason.choices, required=False)
