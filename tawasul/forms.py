from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from tawasul import conf, rules
from tawasul.models import SERVICE_TYPE_SECTION, Section, ServiceType
from tawasul.uploads import ALLOWED_EXTENSIONS, ALLOWED_TYPES, CheckedFile, check_upload

ACCEPT = ",".join(sorted(ALLOWED_EXTENSIONS) + sorted(ALLOWED_TYPES))


def attachments_help_text() -> str:
    return _(
        "PDF, JPEG or PNG; up to %(count)s files in all, each at most %(size)s MB. "
        "Files are checked by their content."
    ) % {"count": conf.attachment_max_count(), "size": conf.attachment_max_mb()}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input. The field only collects them: the form counts them, then checks
    each one's content with `attachments_clean`, which reports every refusal."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list[UploadedFile]:
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if self.required and not uploads:
            raise ValidationError(self.error_messages["required"], code="required")
        return uploads


def _service_type_choices() -> list:
    grouped = []
    for section in Section:
        members = [
            (value, label)
            for value, label in ServiceType.choices
            if SERVICE_TYPE_SECTION[value] == section
        ]
        grouped.append((section.label, members))
    return [("", _("Choose the service type")), *grouped]


# Built once: the labels stay lazy (each page shows them in its language). Given as a function,
# the list was built again each time the field was read, several times a page.
SERVICE_TYPE_CHOICES = _service_type_choices()


class RequestForm(forms.Form):
    """What the applicant adds to the main data: section, service type, description, documents."""

    error_messages = {
        "description_short": _(
            "Describe the problem in at least %(min)s characters, so staff can help you."
        ),
    }

    section = forms.ChoiceField(
        label=_("Section"), choices=[("", _("Choose the section")), *Section.choices]
    )
    service_type = forms.ChoiceField(label=_("Service type"), choices=SERVICE_TYPE_CHOICES)
    description = forms.CharField(
        label=_("Description of the problem"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = AttachmentsField(label=_("Attachments"))
    remove_attachments = forms.MultipleChoiceField(
        label=_("Remove these attachments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, existing_attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_attachments = list(existing_attachments)
        self.fields["description"].help_text = _(
            "At least %(min)s characters: what you tried, what happened, what you need."
        ) % {"min": conf.description_min_length()}
        self.fields["attachments"].help_text = attachments_help_text()
        if self.existing_attachments:
            self.fields["remove_attachments"].choices = [
                (str(a.pk), a.original_name) for a in self.existing_attachments
            ]
        else:
            del self.fields["remove_attachments"]

    def clean_description(self) -> str:
        description = self.cleaned_data["description"].strip()
        if len(description) < conf.description_min_length():
            raise ValidationError(
                self.error_messages["description_short"],
                code="description_short",
                params={"min": conf.description_min_length()},
            )
        return description

    def clean(self):
        cleaned = super().clean()
        section, service_type = cleaned.get("section"), cleaned.get("service_type")
        if section and service_type:
            _check(self, rules.section_check, section=section, service_type=service_type)
        kept = len(self.existing_attachments) - len(cleaned.get("remove_attachments") or [])
        attachments_clean(self, kept=kept)
        return cleaned


class AnswerForm(forms.Form):
    """The applicant's answer to a request returned to them."""

    body = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = AttachmentsField(label=_("Additional documents"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachments_help_text()

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("attachments") or []
        attachments_clean(self)
        if not self.errors:  # a refused file is reported as such, not as an empty answer
            _check(self, rules.answer_content_check, body=cleaned.get("body") or "", files=files)
        return cleaned


def _check(form: forms.Form, rule: Callable[..., None], **values) -> bool:
    """Run one of the services' rules on what the form holds; its error goes beside its field.
    False when the rule refused."""
    try:
        rule(**values)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


def attachments_clean(form: forms.Form, *, kept: int = 0) -> None:
    """Count the new files (with the `kept` ones already stored), then check each one's content;
    on success `cleaned_data["attachments"]` holds the CheckedFiles.

    The count comes first: checking content costs time (six 20,000-page PDFs took 12 s to be
    told "at most 5"), so a file too many is refused before any file is read.
    """
    uploads = form.cleaned_data.get("attachments")
    if uploads is None:  # the field refused already
        return
    if not _check(form, rules.attachment_count_check, count=kept + len(uploads)):
        return
    checked: list[CheckedFile] = []
    errors: list[ValidationError] = []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.error_list)
    if errors:
        form.add_error("attachments", errors)
    else:
        form.cleaned_data["attachments"] = checked
