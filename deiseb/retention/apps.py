from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "deiseb.retention"
    verbose_name = _("Keeping personal data only as long as needed")
