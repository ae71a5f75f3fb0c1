from django.apps import AppConfig


class RatelimitsConfig(AppConfig):
    name = "deiseb.ratelimits"
    verbose_name = "Rate limits"
