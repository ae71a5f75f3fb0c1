from django_tasks import task

from deiseb.moderation import services


@task()
def close_petitions() -> dict:
    return services.close_petitions()
