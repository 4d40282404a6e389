from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import services, sessions, tokens
        from notifications.links import link_builder_register

        # Links with a secret are made when the e-mail is sent, never stored in the outbox.
        link_builder_register(services.PASSWORD_RESET_LINK, services.user_password_reset_path)
        link_builder_register(services.EMAIL_CHANGE_LINK, tokens.email_change_confirm_path)
        sessions.connect()
