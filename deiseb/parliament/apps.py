from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParliamentConfig(AppConfig):
    name = "deiseb.parliament"
    verbose_name = _("Parliamentary record")
