from django_tasks import task

from deiseb.petitions import services


@task()
def credit_paused_nights() -> int:
    return services.credit_paused_nights()
