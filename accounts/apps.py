from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import services, sessions
        from notifications.links import link_builder_register

        # Reset links are made when the e-mail is sent, never stored in the outbox.
        link_builder_register(services.PASSWORD_RESET_LINK, services.user_password_reset_path)
        sessions.connect()
