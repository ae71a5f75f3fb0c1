from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "deiseb.integrity"
    verbose_name = _("Keeping counts honest")

    def ready(self):
        from deiseb.integrity.anonymising import forget_signers
        from deiseb.petitions.signals import signers_anonymised

        signers_anonymised.connect(forget_signers, dispatch_uid="integrity_forget_signers")
