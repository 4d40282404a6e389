"""The request's change form: status moves the lifecycle allows, and the assignee."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tawasul import services
from tawasul.admin.base import agents_queryset
from tawasul.models import TawasulRequest
from tawasul.selectors import section_agents

Status = TawasulRequest.Status


class RequestAdminForm(forms.ModelForm):
    status_note = forms.CharField(
        label=_("Note on the status change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the applicant with the new status."),
    )

    assignment_reason = forms.CharField(
        label=_("Reason for the reassignment"),
        required=False,
        max_length=300,
        help_text=_("Needed when the request moves from one agent to another."),
    )

    class Meta:
        model = TawasulRequest
        fields = ["status", "assignee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            # Only agents of the request's section (the service checks again).
            self.fields["assignee"].queryset = (
                section_agents(section=self.instance.section)
                if self.instance.pk
                else agents_queryset()
            )
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

    def clean(self):
        cleaned = super().clean()
        # The instance still holds the stored assignee: the form copies its values in later.
        before = self.instance.assignee if self.instance.assignee_id else None
        after = cleaned.get("assignee")
        if (
            before is not None
            and after is not None
            and after != before
            and not cleaned.get("assignment_reason", "").strip()
        ):
            self.add_error(
                "assignment_reason",
                ValidationError(
                    services.ERRORS["reassign_reason"],
                    code="reassign_reason",
                    params={"name": str(before)},
                ),
            )
        return cleaned
