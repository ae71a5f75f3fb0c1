from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "deiseb.core"

    def ready(self):
        from deiseb.core import checks  # noqa: F401 - registers Deiseb's deploy checks
