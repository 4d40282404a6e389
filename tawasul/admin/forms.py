"""The request's change form: status moves the lifecycle allows, and the assignee."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tawasul import rules
from tawasul.admin.base import agents_queryset
from tawasul.forms import AttachmentsField, attachments_clean
from tawasul.models import Reply, TawasulRequest
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
            allowed = rules.STAFF_TRANSITIONS.get(current, set()) | {current}
            self.fields["status"].choices = [
                (value, label) for value, label in Status.choices if value in allowed
            ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        current = self.instance.status
        if status != current and status not in rules.STAFF_TRANSITIONS.get(current, set()):
            raise ValidationError(
                rules.ERRORS["transition"],
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
                    rules.ERRORS["reassign_reason"],
                    code="reassign_reason",
                    params={"name": str(before)},
                ),
            )
        return cleaned


class CannedReplyTextarea(forms.Textarea):
    """The reply's text area with a list of the section's canned replies above it; the script
    static/js/canned_replies.js inserts the chosen one (variables already filled in by the server)
    at the cursor, and the agent edits it before saving. Without the script, the text area works."""

    def __init__(self, *args, replies: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.replies = list(replies)

    def render(self, name, value, attrs=None, renderer=None):
        area = super().render(name, value, attrs, renderer)
        if not self.replies:
            return area
        area_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        options = format_html_join(
            "", '<option value="{}">{}</option>', ((text, title) for title, text in self.replies)
        )
        picker = format_html(
            '<div class="canned-replies">'
            '<label for="{}-canned">{}</label> '
            '<select id="{}-canned" data-canned-for="{}"><option value="">—</option>{}</select> '
            '<button type="button" class="button" data-canned-insert="{}-canned">{}</button>'
            "</div>",
            area_id,
            gettext("Canned reply"),
            area_id,
            area_id,
            options,
            area_id,
            gettext("Insert"),
        )
        return picker + area


class ReplyAddForm(forms.ModelForm):
    """A staff reply: its text (a canned reply may start it) and documents, checked by content
    like the applicant's own (tawasul.forms.attachments_clean: counted first, then each file's
    content)."""

    attachments = AttachmentsField(label=_("Documents"))

    class Meta:
        model = Reply
        fields = ["body"]

    def clean(self):
        cleaned = super().clean()
        attachments_clean(self)
        files = cleaned.get("attachments") or []
        if files and not (cleaned.get("body") or "").strip():
            self.add_error("body", ValidationError(rules.ERRORS["empty_reply"], code="empty_reply"))
        return cleaned
