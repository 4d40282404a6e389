from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is incorrect. Check them and try again."),
        "inactive": _("This account is not active yet. Use the activation link sent to your e-mail."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].error_messages["required"] = _("Enter your username.")
        self.fields["username"].widget.attrs.update({"dir": "ltr", "autocomplete": "username"})
        self.fields["password"].label = _("Password")
        self.fields["password"].error_messages["required"] = _("Enter your password.")


class ProfileForm(forms.Form):
    pass
