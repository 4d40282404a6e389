from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("Subscription requests")

    def ready(self) -> None:
        from notifications.links import link_builder_register
        from subscriptions import services

        # Activation links are made when the e-mail is sent, never stored in the outbox.
        link_builder_register(services.ACTIVATION_LINK, services.account_activation_path)
