"""The one-time activation link sent when a subscription request is approved."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token with its own salt, so a password-reset link can never activate an
    account (and an activation link never resets one). The hash covers the password and the
    active flag: setting the password, or an officer deactivating the account, ends the link.
    It expires after PASSWORD_RESET_TIMEOUT."""

    key_salt = "subscriptions.tokens.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


activation_token_generator = ActivationTokenGenerator()
