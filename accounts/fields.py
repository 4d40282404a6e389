"""Form fields for Saudi identifiers, each with its own Arabic-translated error messages.

Every form of the portal that asks for a national ID, a mobile or a unified number uses these, so
the rules and the wording are the same everywhere.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import identifiers


class NationalIdField(forms.CharField):
    default_error_messages = {
        "required": _("Enter the national ID or iqama number."),
        "invalid": identifiers.INVALID_NATIONAL_ID,
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("National ID / iqama number"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        normalized = identifiers.normalize_national_id(value)
        if not identifiers.national_id_is_valid(normalized):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return normalized


class SaudiMobileField(forms.CharField):
    default_error_messages = {
        "required": _("Enter the mobile number."),
        "invalid": identifiers.INVALID_MOBILE,
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "tel", "dir": "ltr", "autocomplete": "tel", "placeholder": "05XXXXXXXX"}
        )

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        normalized = identifiers.normalize_mobile(value)
        if normalized is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return normalized


class UnifiedNumberField(forms.CharField):
    default_error_messages = {
        "required": _("Enter the establishment's unified national number."),
        "invalid": identifiers.INVALID_UNIFIED_NUMBER,
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Unified national number"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric", "dir": "ltr", "placeholder": "7XXXXXXXXX"}
        )

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        normalized = identifiers.normalize_unified_number(value)
        if not identifiers.unified_number_is_valid(normalized):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return normalized
