from django_tasks import task

from deiseb.ratelimits import services


@task()
def prune_rate_counters() -> int:
    """Windows older than two periods no longer count towards any limit."""
    return services.prune()
