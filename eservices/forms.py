from decimal import Decimal

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from eservices import services
from eservices.models import Resident, Visa
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


def _riyals(amount: Decimal) -> str:
    """A tariff amount as the help texts write it: 1,200 (whole riyals), 150.50 otherwise."""
    return f"{amount:,.2f}".removesuffix(".00")


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
        error_messages={
            "required": _("Choose the duration."),
            "invalid_choice": _("Choose the duration."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_months"].choices = [("", "---------")] + [
            (months, _months_label(months)) for months in services.VISA_DURATIONS_MONTHS
        ]
        # Written from the tariff the service charges, so the two can never disagree.
        single, multiple = (
            services.VISA_FEES[kind] for kind in (Visa.Kind.SINGLE, Visa.Kind.MULTIPLE)
        )
        self.fields["duration_months"].help_text = gettext(
            "Single: %(single_base)s SAR for up to %(single_months)s, then %(single_extra)s SAR "
            "per extra month. Multiple: %(multiple_base)s SAR for up to %(multiple_months)s, then "
            "%(multiple_extra)s SAR per extra month."
        ) % {
            "single_base": _riyals(single["base"]),
            "single_months": _months_label(single["included_months"]),
            "single_extra": _riyals(single["per_month"]),
            "multiple_base": _riyals(multiple["base"]),
            "multiple_months": _months_label(multiple["included_months"]),
            "multiple_extra": _riyals(multiple["per_month"]),
        }


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

    def __init__(self, *args, resident: Resident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["years"].choices = [
            (years, _years_label(years)) for years in services.RENEWAL_YEARS
        ]
        self.fields["years"].help_text = gettext(
            "The fee is %(per_year)s SAR per year, plus the dependants levy of %(levy)s SAR per "
            "month for each dependant (this resident has %(count)d)."
        ) % {
            "per_year": _riyals(services.IQAMA_FEE_PER_YEAR),
            "levy": _riyals(services.DEPENDANT_LEVY_PER_MONTH),
            "count": resident.dependants_count,
        }
