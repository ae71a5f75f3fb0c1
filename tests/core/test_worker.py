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


def test_failed_task_results_are_kept_a_week_then_pruned(run_tasks, settings):
    """A failed signing attempt keeps the signer's email in its arguments: not for ever."""
    count_signatures.enqueue()
    count_signatures.enqueue()
    run_tasks()
    week_old, day_old = DBTaskResult.objects.order_by("pk")
    DBTaskResult.objects.filter(pk=week_old.pk).update(
        status="FAILED", finished_at=timezone.now() - datetime.timedelta(days=8)
    )
    DBTaskResult.objects.filter(pk=day_old.pk).update(
        status="FAILED", finished_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert prune_task_results.call() == 1
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [day_old.pk]


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


def _lost_worker(seconds_ago=60, worker_id="host:1:dead"):
    from deiseb.core.models import WorkerHeartbeat

    return WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname="host",
        pid=1,
        queues="email",
        last_seen=timezone.now() - datetime.timedelta(seconds=seconds_ago),
    )


def _sending(worker_id):
    from deiseb.core.models import OutboundEmail

    return OutboundEmail.objects.create(
        kind="test",
        to="suzie@example.com",
        subject="s",
        body_text="b",
        body_html="b",
        status=OutboundEmail.Status.SENDING,
        claimed_by=worker_id,
        attempts=1,
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=10),
    )


def _running(worker_ids):
    from deiseb.core.tasks import deliver_email

    result = DBTaskResult.objects.get(pk=deliver_email.enqueue(1).id)
    DBTaskResult.objects.filter(pk=result.pk).update(
        status="RUNNING", worker_ids=worker_ids, started_at=timezone.now()
    )
    return result


def test_a_dead_workers_email_and_task_are_taken_back_at_once_not_in_ten_minutes():
    from deiseb.core.models import OutboundEmail, WorkerHeartbeat
    from deiseb.core.worker import reap_lost_workers

    dead = _lost_worker()
    email = _sending(dead.pk)
    task = _running([dead.pk])

    assert reap_lost_workers() == {"workers": 1, "emails": 1, "tasks": 1}

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.QUEUED and email.next_attempt_at <= timezone.now()
    assert DBTaskResult.objects.get(pk=task.pk).status == "READY"
    assert not WorkerHeartbeat.objects.exists()


def test_a_live_workers_claims_are_left_alone():
    from deiseb.core.models import OutboundEmail
    from deiseb.core.worker import reap_lost_workers

    alive = _lost_worker(seconds_ago=1, worker_id="host:2:alive")
    email = _sending(alive.pk)
    task = _running([alive.pk])

    assert reap_lost_workers() == {"workers": 0, "emails": 0, "tasks": 0}
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENDING
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"


def test_a_task_that_lost_three_workers_is_failed_not_run_again():
    from deiseb.core.worker import reap_lost_workers

    dead = _lost_worker()
    task = _running(["host:1:a", "host:1:b", dead.pk])

    reap_lost_workers()

    task = DBTaskResult.objects.get(pk=task.pk)
    assert task.status == "FAILED" and task.exception_class_path.endswith("WorkerLost")


def test_the_reaper_waits_while_its_own_heartbeat_is_unsteady(monkeypatch):
    """After a database outage every heartbeat is stale; the living need a beat to say so."""
    from deiseb.core import worker

    class Unsteady:
        def steady_for(self):
            return 2.0

    monkeypatch.setattr(worker, "_heartbeat", Unsteady())
    dead = _lost_worker()
    _sending(dead.pk)

    assert worker.reap_lost_workers()["waiting"] is True


def test_the_reaper_is_on_the_schedule_beside_counting():
    from deiseb.core.scheduler import SCHEDULE
    from deiseb.core.tasks import reap_workers

    assert "reap_workers" in {job.name for job in SCHEDULE}
    assert reap_workers.queue_name == "default"


def test_serve_runs_counting_in_a_process_of_its_own():
    """Counting and its scheduler never share a process with mail."""
    from deiseb.core.management.commands.serve import worker_commands
    from deiseb.core.worker import select_queues

    counting, others = (command[4:] for command in worker_commands())
    assert counting == ["--queues", "counting"]
    assert others == ["--exclude-queues", "counting"]
    assert "counting" not in select_queues("*", "counting")
    assert {"default", "email"} <= set(select_queues("*", "counting"))


@pytest.mark.parametrize("wrapped", [True, False], ids=["django's error", "the driver's"])
def test_a_task_that_met_the_database_away_is_queued_again(monkeypatch, wrapped):
    """Not failed for good: a signing attempt the site has acknowledged must not be lost."""
    from django.db import OperationalError, connection

    from deiseb.core import emails
    from deiseb.core.worker import make_worker

    error = OperationalError if wrapped else connection.Database.OperationalError

    def away(*args, **kwargs):
        raise error("terminating connection due to administrator command")

    monkeypatch.setattr(emails, "deliver", away)
    task = _running(["inline"])
    make_worker(["*"], interval=0, batch=True, worker_id="inline").run_task(
        DBTaskResult.objects.get(pk=task.pk)
    )

    task = DBTaskResult.objects.get(pk=task.pk)
    assert task.status == "READY" and task.run_after > timezone.now()


def test_signing_attempts_run_in_several_lanes_and_every_other_queue_in_one(settings):
    from deiseb.core.worker import lanes_for

    settings.WORKER_SIGNING_LANES = 4
    assert [lanes_for(queue) for queue in ("signing", "counting", "email", "default")] == [
        4,
        1,
        1,
        1,
    ]
    settings.WORKER_SIGNING_LANES = 0  # a mistaken 0 still leaves one lane, not none
    assert lanes_for("signing") == 1
