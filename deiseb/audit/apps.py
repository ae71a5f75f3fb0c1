from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "deiseb.audit"
    verbose_name = _("Audit log")

    def ready(self):
        # The admin app's ready() has imported every admin module by now.
        from deiseb.audit.admin import audit_every_admin

        audit_every_admin()
