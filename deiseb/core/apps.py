from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_tables(sender, using="default", **kwargs) -> None:
    """`migrate` makes the page cache's table too (when it lives in the database), so no
    deployment needs a step of its own; it does nothing when the table exists."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "deiseb.core"

    def ready(self):
        from deiseb.core import checks  # noqa: F401 - registers Deiseb's deploy checks

        post_migrate.connect(create_cache_tables, sender=self)
