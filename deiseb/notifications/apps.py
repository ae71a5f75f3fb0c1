from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "deiseb.notifications"
    verbose_name = _("Updates to signers")

    def ready(self):
        from deiseb.notifications.anonymising import forget_delivery_addresses
        from deiseb.petitions.signals import signers_anonymised

        signers_anonymised.connect(forget_delivery_addresses, dispatch_uid="forget_deliveries")
