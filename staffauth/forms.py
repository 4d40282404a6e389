from django import forms
from django.utils.translation import gettext_lazy as _

# Module constants, so tests compare against the same text.
WRONG_CODE = _(
    "The code is not correct. Enter the code your authenticator app shows now, or an unused "
    "backup code."
)
WRONG_SETUP_CODE = _(
    "The code is not correct. Enter the 6-digit code the app shows now for this account, and "
    "check that your phone's clock is right."
)


class CodeForm(forms.Form):
    """The code from the authenticator app (or, at log-in, a backup code)."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        error_messages={
            "required": _("Enter the code."),
            "max_length": WRONG_CODE,
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "dir": "ltr",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, backup_codes_accepted: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if backup_codes_accepted:
            self.fields["code"].help_text = _(
                "The 6-digit code your authenticator app shows now, or one of your backup codes."
            )
        else:
            self.fields["code"].help_text = _("The 6-digit code the app shows now.")
            self.fields["code"].widget.attrs["inputmode"] = "numeric"
