from django_tasks import task

from deiseb.petitions.models import Petition
from deiseb.signatures import counting, services


@task(queue_name="counting")
def count_signatures() -> int:
    return counting.count_signatures()


@task(queue_name="counting")
def reconcile_counts() -> int:
    return counting.reconcile_counts()


@task(queue_name="signing")
def record_signature(petition_id: int, **details) -> str:
    """Decide what one signing attempt is and record it; returns the outcome, never the signer."""
    petition = Petition.objects.get(pk=petition_id)
    outcome, _signature = services.sign_petition(petition, **details)
    return outcome.value
