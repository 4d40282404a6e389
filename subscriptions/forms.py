from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from accounts.cities import City
from accounts.fields import NationalIdField, SaudiMobileField, UnifiedNumberField
from core.text import single_line
from subscriptions import services

TOO_LONG = _("Keep this to at most %(limit_value)d characters (you typed %(show_value)d).")


class NameField(forms.CharField):
    """A name as one line of visible text: control characters, bidi overrides and zero-width
    characters are taken out before anything else looks at it (names reach staff screens and the
    establishment's record)."""

    def to_python(self, value) -> str:
        return single_line(super().to_python(value))


def _company_name_field() -> forms.CharField:
    return NameField(
        label=_("Company name"),
        max_length=200,
        error_messages={"required": _("Enter the company name."), "max_length": TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


def _city_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Main-branch city"),
        choices=[("", _("Choose the city")), *City.choices],
        error_messages={
            "required": _("Choose the city of the main branch."),
            "invalid_choice": _("Choose a city from the list."),
        },
    )


def _email_field() -> forms.EmailField:
    return forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter the e-mail address."),
            "invalid": _("Enter a valid e-mail address, for example name@example.com."),
            "max_length": TOO_LONG,
        },
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )


class IndividualRequestForm(forms.Form):
    """The seed's fields in the seed's order, plus the national ID the new account is made for."""

    company_name = _company_name_field()
    full_name = NameField(
        label=_("Name"),
        max_length=150,
        error_messages={"required": _("Enter your full name."), "max_length": TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    national_id = NationalIdField(
        help_text=_("Your user name once the request is approved."),
    )
    city = _city_field()
    mobile = SaudiMobileField()
    email = _email_field()


class EstablishmentRequestForm(forms.Form):
    """Company data only: the requester's own data comes from their account."""

    company_name = _company_name_field()
    city = _city_field()
    mobile = SaudiMobileField(help_text=_("Filled in from your account; change it if needed."))
    email = _email_field()
    unified_number = UnifiedNumberField()


class StatusLookupForm(forms.Form):
    NUMBER_MAX_LENGTH = 30

    number = forms.CharField(
        label=_("Request number"),
        max_length=NUMBER_MAX_LENGTH,
        error_messages={"required": _("Enter the request number.")},
        widget=forms.TextInput(
            attrs={"dir": "ltr", "placeholder": "SUB-2026-000123", "autocomplete": "off"}
        ),
    )
    contact = forms.CharField(
        label=_("Mobile number or e-mail address given in the request"),
        max_length=254,
        error_messages={"required": _("Enter the mobile number or the e-mail address.")},
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )


class ActivationForm(SetPasswordForm):
    """Django's set-password form (its Arabic messages come with Django) with our labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Password")
        self.fields["new_password2"].label = _("Confirm the password")
        self.fields["new_password1"].error_messages["required"] = _("Enter a password.")
        self.fields["new_password2"].error_messages["required"] = _("Enter the password again.")


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        # The service refuses an empty reason too (from any caller): in the same words.
        error_messages={"required": services.REASON_REQUIRED},
    )
