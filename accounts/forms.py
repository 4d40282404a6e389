from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.fields import NationalIdField, SaudiMobileField
from accounts.models import Establishment, Language, User


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is incorrect. Check them and try again."),
        "inactive": _(
            "This account is not active yet. Use the activation link sent to your e-mail."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].error_messages["required"] = _("Enter your username.")
        self.fields["username"].widget.attrs.update({"dir": "ltr", "autocomplete": "username"})
        self.fields["password"].label = _("Password")
        self.fields["password"].error_messages["required"] = _("Enter your password.")


class ProfileForm(forms.Form):
    """What a user may change about themselves: how to reach them and the language of the portal.

    A new e-mail address needs the current password (whoever merely holds the session cannot move
    the account's e-mail, and with it password resets, elsewhere)."""

    error_messages = {
        "password_needed": _("To change your e-mail address, enter your current password."),
        "password_incorrect": _(
            "The password is not correct. Enter the password you use to log in."
        ),
        "reauth_blocked": _(
            "Too many wrong passwords were entered. For your protection, wait 15 minutes and "
            "try again."
        ),
    }

    mobile = SaudiMobileField()
    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, for example name@example.com."),
        },
    )
    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        help_text=_("Needed only when you change your e-mail address."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        help_text=_("The portal and the e-mails we send you use this language."),
        error_messages={
            "required": _("Choose a language."),
            "invalid_choice": _("Choose a language."),
        },
    )

    def __init__(self, *args, user: User, reauth_blocked: bool = False, **kwargs):
        self.user = user
        self.reauth_blocked = reauth_blocked
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"dir": "ltr", "autocomplete": "email"})

    def clean(self):
        cleaned_data = super().clean()
        email = cleaned_data.get("email")
        if email and email.casefold() != self.user.email.casefold():
            password = cleaned_data.get("current_password")
            if self.reauth_blocked:
                code = "reauth_blocked"
            elif not password:
                code = "password_needed"
            elif not self.user.check_password(password):
                code = "password_incorrect"
            else:
                return cleaned_data
            self.add_error(
                "current_password", ValidationError(self.error_messages[code], code=code)
            )
        return cleaned_data


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's, but it stops checking the old password after too many wrong ones in a row
    (accounts/reauth.py): a stolen session must not become a way to guess the password."""

    def __init__(self, *args, reauth_blocked: bool = False, **kwargs):
        self.reauth_blocked = reauth_blocked
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        if self.reauth_blocked:
            message = ProfileForm.error_messages["reauth_blocked"]
            raise ValidationError(message, code="reauth_blocked")
        return super().clean_old_password()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, but the e-mail goes through a worker and the notification outbox.

    Django would look the address up and send the message inside the web request; here the worker
    does both (accounts/tasks.py), so the request costs the same for a known and an unknown
    address, and each matching user gets an outbox row in their own language. Whether the address
    exists is never revealed: the view shows the same page either way.
    """

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, for example name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )

    def send_mail(self, *args, **kwargs):  # pragma: no cover - guard, never called
        raise NotImplementedError("Password-reset e-mails go through the outbox; see save().")

    def save(self, *args, **kwargs) -> None:
        services.user_password_reset_request(email=self.cleaned_data["email"])


class AdminUserChangeForm(auth_forms.UserChangeForm):
    national_id = NationalIdField(required=False)
    mobile = SaudiMobileField(required=False)

    class Meta(auth_forms.UserChangeForm.Meta):
        model = User
        fields = "__all__"

    def clean_national_id(self) -> str | None:
        # Unique and nullable: "no national ID" must be stored as NULL, not as an empty string.
        return self.cleaned_data.get("national_id") or None


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    national_id = NationalIdField(required=False)
    mobile = SaudiMobileField(required=False)

    class Meta(auth_forms.AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "national_id", "mobile", "email", "establishment")
        field_classes = {"username": auth_forms.UsernameField}

    def clean_national_id(self) -> str | None:
        return self.cleaned_data.get("national_id") or None


class EstablishmentAdminForm(forms.ModelForm):
    class Meta:
        model = Establishment
        fields = ("name", "unified_number", "city", "primary_user")

    def clean(self):
        cleaned_data = super().clean()
        primary_user = cleaned_data.get("primary_user")
        if primary_user is not None and (
            self.instance.pk is None or primary_user.establishment_id != self.instance.pk
        ):
            self.add_error(
                "primary_user",
                _("The primary user must be one of this establishment's users."),
            )
        return cleaned_data
