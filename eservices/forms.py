from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from eservices import services
from eservices.models import Visa
from eservices.selectors import normalize_search


class ResidentSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by iqama number or name"),
        required=False,
        max_length=50,
        error_messages={
            "max_length": _("Enter at most %(limit_value)d characters."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"inputmode": "search", "autocomplete": "off", "placeholder": "2XXXXXXXXX"}
        )

    def clean_q(self) -> str:
        return normalize_search(self.cleaned_data["q"])


def _months_label(months: int) -> str:
    return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}


def _years_label(years: int) -> str:
    return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}


class VisaRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Visa type"),
        choices=Visa.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the visa type."),
            "invalid_choice": _("Choose the visa type."),
        },
    )
    duration_months = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        choices=[],
        help_text=_(
            "Single: 200 SAR for up to 2 months, then 100 SAR per extra month. "
            "Multiple: 500 SAR for up to 3 months, then 200 SAR per extra month."
        ),
        error_messages={
            "required": _("Choose the duration."),
            "invalid_choice": _("Choose the duration."),
        },
    )

    def __init__(self, *args, resident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_months"].choices = [("", "---------")] + [
            (months, _months_label(months)) for months in services.VISA_DURATIONS_MONTHS
        ]


class IqamaRenewalForm(forms.Form):
    years = forms.TypedChoiceField(
        label=_("Renewal period"),
        coerce=int,
        choices=[],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the renewal period."),
            "invalid_choice": _("Choose the renewal period."),
        },
    )

    def __init__(self, *args, resident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["years"].choices = [
            (years, _years_label(years)) for years in services.RENEWAL_YEARS
        ]
        if resident is not None:
            self.fields["years"].help_text = gettext(
                "The fee is 650 SAR per year, plus the dependants levy of 400 SAR per month for "
                "each dependant (this resident has %(count)d)."
            ) % {"count": resident.dependants_count}
