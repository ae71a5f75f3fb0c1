"""The worker's housekeeping, and the admin telling operators what is missing."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from deiseb.core.tasks import prune_task_results
from deiseb.signatures.tasks import count_signatures
from tests.factories import constituency

pytestmark = pytest.mark.django_db


def test_old_successful_task_results_are_pruned_and_recent_ones_kept(run_tasks):
    count_signatures.enqueue()
    count_signatures.enqueue()
    run_tasks()
    old = DBTaskResult.objects.first()
    DBTaskResult.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert prune_task_results.call() == 1
    assert DBTaskResult.objects.count() == 1


def test_the_admin_says_when_postcodes_are_not_loaded(admin_client):
    page = admin_client.get("/en/staff/admin/").content.decode()
    assert "import_geography" in page
    constituency()
    assert "import_geography" not in admin_client.get("/en/staff/admin/").content.decode()


def test_count_json_answers_head_requests(client):
    from tests.factories import OpenPetitionFactory

    petition = OpenPetitionFactory()
    response = client.head(f"/petitions/{petition.pk}/count.json")
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_loop_runs_only_its_own_queues():
    """`deiseb worker --queues counting` counts; email waits for a worker on the email queue."""
    from deiseb.core.tasks import sweep_emails
    from deiseb.core.worker import make_worker
    from tests.factories import OpenPetitionFactory, ValidatedSignatureFactory

    petition = OpenPetitionFactory()
    ValidatedSignatureFactory.create_batch(3, petition=petition)
    count_signatures.enqueue()
    sweep_emails.enqueue()

    make_worker(["counting"], interval=0, batch=True, worker_id="test-counting").run()

    petition.refresh_from_db()
    assert petition.signature_count == 3
    pending = DBTaskResult.objects.ready().values_list("queue_name", flat=True)
    assert list(pending) == ["email"]
