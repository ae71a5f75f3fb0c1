from django_tasks import task

from deiseb.petitions import services


@task()
def close_petitions() -> dict:
    return services.close_petitions()
