from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwitchesConfig(AppConfig):
    name = "deiseb.switches"
    verbose_name = _("Site switches")
