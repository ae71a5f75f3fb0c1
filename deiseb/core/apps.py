from django.apps import AppConfig
from django.db.models.signals import post_migrate

# The page cache's table (settings.CACHES["pages"] without Redis).
PAGE_CACHE_TABLE = "deiseb_page_cache"


def create_cache_tables(sender, using="default", **kwargs) -> None:
    """`migrate` makes the page cache's table too, so no deployment needs a step of its own.

    Made whether or not Redis is set today, so a site that later runs without it (Redis
    retired, or a second site on the same database) finds its table; nothing happens when the
    table exists.
    """
    from django.core.management import call_command

    call_command("createcachetable", PAGE_CACHE_TABLE, database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "deiseb.core"

    def ready(self):
        from deiseb.core import checks  # noqa: F401 - registers Deiseb's deploy checks

        post_migrate.connect(create_cache_tables, sender=self)
