from django_tasks import task

from deiseb.signatures import counting


@task(queue_name="counting")
def count_signatures() -> int:
    return counting.count_signatures()


@task(queue_name="counting")
def reconcile_counts() -> int:
    return counting.reconcile_counts()
