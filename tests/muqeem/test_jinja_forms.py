"""The form macros (jinja2/macros/forms.html) draw every portal form as crispy-forms' bootstrap5
pack drew it: the same elements, attributes and text (whitespace aside), blank, refused and
filled in."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.template import engines
from django.test.html import parse_html
from django.utils import translation

from accounts.forms import LoginForm, PasswordResetForm, ProfileForm
from accounts.models import User
from eservices.forms import IqamaRenewalForm, ResidentSearchForm, VisaRequestForm
from ratings.forms import RatingForm
from staffauth.forms import CodeForm
from subscriptions.forms import (
    ActivationForm,
    EstablishmentRequestForm,
    IndividualRequestForm,
    StatusLookupForm,
)
from tawasul.forms import AnswerForm, RequestForm

# What a visitor may type: markup and quotes must come back escaped, inside the field.
TYPED = '<b>"Tom" & Jerry</b>'

USER = User(username="sami", full_name="سامي", email="sami@example.com")
ATTACHMENTS = [SimpleNamespace(pk=7, original_name="جواز <1>.pdf")]


def _jinja(source: str, **context) -> str:
    header = '{% from "macros/forms.html" import form_fields, form_field %}'
    return engines["jinja2"].from_string(header + source).render(context)


def _crispy(source: str, **context) -> str:
    header = "{% load crispy_forms_tags crispy_forms_filters %}"
    return engines["django"].from_string(header + source).render(context)


def _same_html(ours: str, crispy: str) -> None:
    assert parse_html(ours) == parse_html(crispy), f"\n--- ours\n{ours}\n--- crispy\n{crispy}"


FORMS = {
    "log-in": lambda data: LoginForm(None, data=data),
    "profile": lambda data: ProfileForm(data, user=USER),
    "password reset": lambda data: PasswordResetForm(data),
    "password change": lambda data: PasswordChangeForm(USER, data),
    "new password": lambda data: SetPasswordForm(USER, data),
    "activation": lambda data: ActivationForm(USER, data),
    "subscription, individual": lambda data: IndividualRequestForm(data),
    "subscription, establishment": lambda data: EstablishmentRequestForm(data),
    "subscription status": lambda data: StatusLookupForm(data),
    "new request": lambda data: RequestForm(
        data, initial={"section": "visas", "service_type": "exit_reentry_visa"}
    ),
    "draft with documents": lambda data: RequestForm(data, existing_attachments=ATTACHMENTS),
    "answer": lambda data: AnswerForm(data),
    "rating": lambda data: RatingForm(data),
    "second factor": lambda data: CodeForm(data, backup_codes_accepted=True),
    "second factor set-up": lambda data: CodeForm(data, backup_codes_accepted=False),
}

FILLED = {
    "username": TYPED,
    "email": "not-an-address",
    "current_password": "x",
    "mobile": "0501234567",
    "company_name": TYPED,
    "full_name": TYPED,
    "national_id": "123",
    "city": "riyadh",
    "preferred_language": "en",
    "number": TYPED,
    "section": "visas",
    "service_type": "exit_reentry_visa",
    "description": "سطر أول\nسطر <ثان>",
    "remove_attachments": ["7"],
    "body": TYPED,
    "score": "4",
    "comment": TYPED,
    "code": "12345678901234567890123456789012345",
}


@pytest.fixture(autouse=True)
def _arabic():
    with translation.override("ar"):
        yield


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("data", [None, {}, FILLED], ids=["blank", "empty", "filled"])
def test_each_form_is_drawn_as_crispy_drew_it(name, data):
    make = FORMS[name]
    ours = _jinja("{{ form_fields(form) }}", form=make(data))
    crispy = _crispy("{{ form|crispy }}", form=make(data))

    _same_html(ours, crispy)


def test_an_error_of_the_whole_form_is_drawn_above_the_fields():
    def refused():
        form = StatusLookupForm({"number": "SUB-2026-000001", "contact": "x"})
        form.add_error(None, "لا يوجد طلب بهذا الرقم <والجوال>.")
        return form

    ours = _jinja("{{ form_fields(form) }}", form=refused())

    _same_html(ours, _crispy("{{ form|crispy }}", form=refused()))
    assert "لا يوجد طلب بهذا الرقم &lt;والجوال&gt;." in ours


RESIDENT = SimpleNamespace(dependants_count=2)


@pytest.mark.parametrize(
    "make",
    [
        lambda data: VisaRequestForm(data),
        lambda data: IqamaRenewalForm(data, resident=RESIDENT),
    ],
    ids=["visa", "iqama renewal"],
)
@pytest.mark.parametrize("data", [None, {}, {"kind": "single", "duration_months": "3"}])
def test_the_service_forms_are_drawn_as_crispy_drew_them_with_their_helper(make, data):
    from crispy_forms.helper import FormHelper

    helper = FormHelper()
    helper.form_tag = False

    ours = _jinja("{{ form_fields(form, inline_errors=True) }}", form=make(data))
    crispy = _crispy("{% crispy form helper %}", form=make(data), helper=helper)

    _same_html(ours, crispy)


@pytest.mark.parametrize("data", [None, {"q": "x" * 51}])
def test_a_single_field_is_drawn_as_crispy_drew_it(data):
    ours = _jinja("{{ form_field(form.q) }}", form=ResidentSearchForm(data))
    crispy = _crispy("{{ form.q|as_crispy_field }}", form=ResidentSearchForm(data))

    _same_html(ours, crispy)


def test_what_a_visitor_typed_comes_back_escaped_inside_the_field():
    page = _jinja("{{ form_fields(form) }}", form=IndividualRequestForm(FILLED))

    assert 'value="&lt;b&gt;&#34;Tom&#34; &amp; Jerry&lt;/b&gt;"' in page
    assert "<b>" not in page
