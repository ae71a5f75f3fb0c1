from django.db import transaction
from django_tasks import task

from deiseb.core.worker import atomic_task
from deiseb.petitions.models import Petition
from deiseb.signatures import counting, services


@task(queue_name="counting")
def count_signatures() -> int:
    return counting.count_signatures()


@task(queue_name="counting")
def reconcile_counts() -> int:
    return counting.reconcile_counts()


@atomic_task
@task(queue_name="signing")
@transaction.atomic
def record_signature(petition_id: int, **details) -> str:
    """Decide what one signing attempt is and record it; returns the outcome, never the signer.

    The signature, its email, the email's delivery task and this task's own end commit in one
    transaction: a worker killed half-way leaves none of them, and the attempt runs again.
    """
    petition = Petition.objects.get(pk=petition_id)
    outcome, _signature = services.sign_petition(petition, **details)
    return outcome.value
