"""The request's change form: status moves the lifecycle allows, and the assignee."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tawasul import services
from tawasul.admin.base import agents_queryset
from tawasul.models import TawasulRequest

Status = TawasulRequest.Status


class RequestAdminForm(forms.ModelForm):
    status_note = forms.CharField(
        label=_("Note on the status change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the applicant with the new status."),
    )

    class Meta:
        model = TawasulRequest
        fields = ["status", "assignee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = agents_queryset()
        if "status" in self.fields and self.instance.pk:
            # Offer only the moves the lifecycle allows from here (the service checks again).
            current = self.instance.status
            allowed = services.STAFF_TRANSITIONS.get(current, set()) | {current}
            self.fields["status"].choices = [
                (value, label) for value, label in Status.choices if value in allowed
            ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        current = self.instance.status
        if status != current and status not in services.STAFF_TRANSITIONS.get(current, set()):
            raise ValidationError(
                services.ERRORS["transition"],
                code="transition",
                params={"from": Status(current).label, "to": Status(status).label},
            )
        return status
