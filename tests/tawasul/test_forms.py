"""The new-request and answer forms: what the applicant is told when something is missing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tawasul import services
from tawasul.forms import AnswerForm, RequestForm
from tests.tawasul.factories import HTML_PAGE, WINDOWS_EXECUTABLE, pdf_bytes, png_bytes, upload

DESCRIPTION = "لا أستطيع إصدار تأشيرة خروج وعودة للمقيم رغم سداد الرسوم."


def request_form(**data):
    fields = {"section": "visas", "service_type": "exit_reentry_visa", "description": DESCRIPTION}
    fields.update(data)
    with translation.override("ar"):
        form = RequestForm(fields)
        form.is_valid()
        return form


def multi(files):
    from django.utils.datastructures import MultiValueDict

    return MultiValueDict({"attachments": list(files)})


def test_a_complete_request_form_is_valid_and_gives_checked_files():
    with translation.override("ar"):
        form = RequestForm(
            {"section": "visas", "service_type": "exit_reentry_visa", "description": DESCRIPTION},
            multi([upload("a.pdf", pdf_bytes()), upload("b.png", png_bytes())]),
        )
        assert form.is_valid(), form.errors
    assert [f.content_type for f in form.cleaned_data["attachments"]] == [
        "application/pdf",
        "image/png",
    ]


def test_attachments_are_optional():
    assert request_form().is_valid()


def test_missing_section_and_service_type_are_reported_in_arabic():
    form = request_form(section="", service_type="")
    assert set(form.errors) == {"section", "service_type"}
    assert form.errors["section"] == ["هذا الحقل مطلوب."]


def test_a_short_description_is_refused_in_arabic():
    form = request_form(description="   قصير جدًا   ")
    assert form.errors["description"] == [
        "اكتب وصف المشكلة في 20 حرفًا على الأقل ليتمكن الموظفون من مساعدتك."
    ]


def test_a_service_type_of_another_section_is_refused():
    form = request_form(section="technical", service_type="iqama_renewal")
    assert "يتبع قسمًا آخر" in form.errors["service_type"][0]


def test_every_refused_file_is_named_in_the_errors():
    with translation.override("ar"):
        form = RequestForm(
            {"section": "visas", "service_type": "exit_reentry_visa", "description": DESCRIPTION},
            multi(
                [
                    upload("ok.pdf", pdf_bytes()),
                    upload("setup.pdf", WINDOWS_EXECUTABLE),
                    upload("page.png", HTML_PAGE),
                ]
            ),
        )
        assert not form.is_valid()
        errors = " ".join(form.errors["attachments"])
    assert "«setup.pdf»" in errors and "«page.png»" in errors and "«ok.pdf»" not in errors


@pytest.mark.parametrize(("existing", "removed", "valid"), [(5, 0, False), (5, 1, True)])
def test_the_file_limit_counts_the_draft_files_kept(existing, removed, valid):
    class Stored:
        def __init__(self, n):
            self.pk, self.original_name = f"00000000-0000-0000-0000-00000000000{n}", f"{n}.pdf"

    stored = [Stored(n) for n in range(existing)]
    data = {
        "section": "visas",
        "service_type": "exit_reentry_visa",
        "description": DESCRIPTION,
        "remove_attachments": [s.pk for s in stored[:removed]],
    }
    with translation.override("ar"):
        form = RequestForm(
            data, multi([upload("new.png", png_bytes())]), existing_attachments=stored
        )
        assert form.is_valid() is valid


def test_the_form_states_the_limits():
    with translation.override("ar"):
        help_text = str(RequestForm().fields["attachments"].help_text)
    assert "PDF أو JPEG أو PNG" in help_text
    assert "5" in help_text and "10 ميغابايت" in help_text


def test_an_empty_answer_is_refused_in_arabic():
    with translation.override("ar"):
        form = AnswerForm({"body": "  "})
        assert not form.is_valid()
        assert form.errors["body"] == ["اكتب ردك أو أرفق مستندًا."]


def test_an_answer_with_only_a_document_is_accepted():
    with translation.override("ar"):
        form = AnswerForm({"body": ""}, multi([upload("a.pdf", pdf_bytes())]))
        assert form.is_valid(), form.errors


# -- the form shows the services' own rules, in the services' own words --------------------------


def service_refusal(call) -> dict[str, list[str]]:
    with translation.override("ar"), pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


@pytest.mark.django_db
def test_a_service_type_of_another_section_is_refused_in_the_services_words(applicant):
    form = request_form(section="technical", service_type="iqama_renewal")
    refusal = service_refusal(
        lambda: services.draft_save(
            user=applicant,
            section="technical",
            service_type="iqama_renewal",
            description=DESCRIPTION,
        )
    )
    assert form.errors["service_type"] == refusal["service_type"]


@pytest.mark.django_db
def test_too_many_files_are_refused_in_the_services_words(applicant, checked_files, settings):
    settings.TAWASUL_ATTACHMENT_MAX_COUNT = 1
    with translation.override("ar"):
        form = RequestForm(
            {"section": "visas", "service_type": "exit_reentry_visa", "description": DESCRIPTION},
            multi([upload("a.pdf", pdf_bytes()), upload("b.png", png_bytes())]),
        )
        form.is_valid()
    refusal = service_refusal(
        lambda: services.draft_save(
            user=applicant,
            section="visas",
            service_type="exit_reentry_visa",
            description=DESCRIPTION,
            files=checked_files("a.pdf", "b.png"),
        )
    )
    assert (
        form.errors["attachments"]
        == refusal["attachments"]
        == ["يمكنك إرفاق 1 ملفات على الأكثر في الطلب."]
    )


@pytest.mark.django_db
def test_an_empty_answer_is_refused_in_the_services_words(sent_request, applicant, agent):
    tawasul_request = sent_request()
    services.request_change_status(
        tawasul_request=tawasul_request, to_status="returned_to_applicant", changed_by=agent
    )
    with translation.override("ar"):
        form = AnswerForm({"body": "  "})
        form.is_valid()
    refusal = service_refusal(
        lambda: services.request_answer(tawasul_request=tawasul_request, user=applicant, body=" ")
    )
    assert form.errors["body"] == refusal["body"]
