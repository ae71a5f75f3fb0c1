"""A signing worker killed half-way through a signature leaves nothing half-saved.

The sign POST queues the attempt; the worker records the signature, its confirmation email,
the email's delivery task and the attempt's own end in one transaction. Here the worker is
stopped for real at the last step of that transaction (a trigger makes the UPDATE saying the
attempt succeeded wait, with the signature and its email already written), killed with
SIGKILL, and its connection dropped, as a dead machine's would be. Nothing of the attempt may
remain but the claim; the next worker runs it again whole, and the signer gets exactly one
signature and one email. Before, the signature and email committed on their own first, and the
attempt run again sent its signer a second email.
"""

from django.db import connection
from django_tasks_db.models import DBTaskResult

from deiseb.core.models import OutboundEmail
from deiseb.signatures import services
from deiseb.signatures.models import Signature
from tests.factories import OpenPetitionFactory
from tests.faults.processes import Sink, report, wait_for, worker_commands
from tests.helpers import postgres_only

pytestmark = postgres_only
_COUNTING, OTHERS = worker_commands()

STALL = """
CREATE FUNCTION deiseb_test_stall() RETURNS trigger AS $$
BEGIN PERFORM pg_sleep(120); RETURN NEW; END $$ LANGUAGE plpgsql;
CREATE TRIGGER deiseb_test_stall BEFORE UPDATE ON django_tasks_database_dbtaskresult
FOR EACH ROW WHEN (NEW.status = 'SUCCESSFUL' AND NEW.task_path LIKE '%%record_signature')
EXECUTE FUNCTION deiseb_test_stall();
"""
UNSTALL = (
    "DROP TRIGGER deiseb_test_stall ON django_tasks_database_dbtaskresult;"
    "DROP FUNCTION deiseb_test_stall();"
)


def stalled_backend() -> int | None:
    """The worker's connection, waiting to record the attempt's end, its signature written."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' "
            "AND query LIKE 'UPDATE \"django_tasks_database_dbtaskresult\"%%' "
            "AND pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def test_a_worker_killed_mid_signature_leaves_nothing_and_the_attempt_runs_again(processes, capsys):
    sink = Sink().start()
    petition = OpenPetitionFactory()
    mail = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port)}
    try:
        with connection.cursor() as cursor:
            cursor.execute(STALL)
        services.request_signature(
            petition,
            name="Cara Jones",
            email="cara@example.com",
            postcode="",
            country_code="FR",
            notify_by_email=True,
            language="cy",
            ip_address="192.0.2.7",
        )
        worker = processes.deiseb("others", *OTHERS, **mail)
        backend = wait_for(stalled_backend, timeout=30, what="the worker mid-signature")
        attempt = DBTaskResult.objects.get(task_path__endswith="record_signature")
        assert attempt.status == "RUNNING"
        worker.kill9()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
            cursor.execute(UNSTALL)
        wait_for(lambda: stalled_backend() is None, timeout=10, what="the dead connection gone")
        # Its signature and email were written inside the transaction, so they went with it.
        assert not Signature.objects.filter(petition=petition).exists()
        assert not OutboundEmail.objects.exists()
        assert not DBTaskResult.objects.filter(task_path__endswith="deliver_email").exists()
        assert DBTaskResult.objects.get(pk=attempt.pk).status == "RUNNING"  # only the claim

        processes.deiseb("others", *OTHERS, **mail)
        wait_for(lambda: sink.total >= 1, timeout=60, what="the attempt run again and mailed")
        attempt.refresh_from_db()
        signatures = list(Signature.objects.filter(petition=petition))
        report(
            capsys,
            "kill -9 of the signing worker inside a signature's transaction",
            signatures=len(signatures),
            emails=OutboundEmail.objects.count(),
            delivered=sink.total,
            attempt_runs=len(attempt.worker_ids),
        )
        assert [(s.email, s.language) for s in signatures] == [("cara@example.com", "cy")]
        assert attempt.status == "SUCCESSFUL" and len(attempt.worker_ids) == 2
        assert list(OutboundEmail.objects.values_list("to", "kind")) == [
            ("cara@example.com", "confirm_signature")
        ]
        assert sink.received == {"cara@example.com": 1}
    finally:
        sink.stop()
