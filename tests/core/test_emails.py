"""Mail leaves over SMTP, in the recipient's language; failures are retried, never lost."""

import datetime
import logging

import pytest
from django.db import transaction
from django.utils import timezone

from deiseb.core import emails
from deiseb.core.models import OutboundEmail
from deiseb.core.scheduler import SCHEDULE, enqueue_due_jobs
from tests.factories import OpenPetitionFactory, SignatureFactory
from tests.helpers import body_text

pytestmark = pytest.mark.django_db


def app_log(caplog) -> str:
    """What Deiseb itself logged (the test SMTP server logs addresses; that is not ours)."""
    return "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("deiseb"))


def queue_confirmation(language="en", email="suzie@example.com"):
    from deiseb.signatures.emails import confirm_signature

    signature = SignatureFactory(petition=OpenPetitionFactory(), email=email, language=language)
    confirm_signature(signature)
    return OutboundEmail.objects.get(), signature


def test_it_delivers_over_smtp_with_text_and_html_parts(smtp_server):
    queued, signature = queue_confirmation()
    assert emails.deliver(queued.pk) == "sent"
    (message,) = smtp_server.to("suzie@example.com")
    assert str(message["Subject"]).strip().startswith("Confirm your signature")
    assert message["Auto-Submitted"] == "auto-generated"
    assert f"/en/signatures/{signature.token}/confirm/" in body_text(message)
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="http://testserver/en/signatures/{signature.token}/confirm/"' in html
    queued.refresh_from_db()
    assert queued.status == OutboundEmail.Status.SENT and queued.sent_at


def test_delivery_is_queued_in_the_changes_own_transaction(django_capture_on_commit_callbacks):
    """The email's row and its delivery task are written together: nothing waits for the
    commit that a crash could lose."""
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks() as callbacks:
        queue_confirmation()
    assert callbacks == []
    assert DBTaskResult.objects.filter(task_path="deiseb.core.tasks.deliver_email").count() == 1


def test_with_a_queue_elsewhere_delivery_waits_for_the_commit(
    settings, django_capture_on_commit_callbacks
):
    from django_tasks import task_backends
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": settings.TASKS["default"]["QUEUES"],
        }
    }
    with django_capture_on_commit_callbacks() as callbacks:
        queue_confirmation()
    assert task_backends["default"].results == [] and len(callbacks) == 1
    callbacks[0]()
    assert [result.task.name for result in task_backends["default"].results] == ["deliver_email"]
    assert not DBTaskResult.objects.exists()


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                queue_confirmation()
                raise RuntimeError("the signing failed half-way")
        except RuntimeError:
            pass
    assert callbacks == [] and OutboundEmail.objects.count() == 0
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.exists()  # its delivery task went with it


def test_a_temporary_failure_is_retried_later(smtp_server, caplog):
    queued, _ = queue_confirmation()
    smtp_server.rcpt_reply = "451 4.3.0 Mailbox busy, try again later"
    with caplog.at_level(logging.INFO):
        assert emails.deliver(queued.pk) == "retry"
    queued.refresh_from_db()
    assert queued.status == OutboundEmail.Status.QUEUED
    assert queued.attempts == 1
    assert queued.next_attempt_at > timezone.now()
    assert emails.due_email_ids() == []  # not yet due
    assert "suzie@example.com" not in app_log(caplog)  # no addresses in our logs

    smtp_server.rcpt_reply = None
    later = timezone.now() + datetime.timedelta(minutes=5)
    assert emails.due_email_ids(later) == [queued.pk]
    assert emails.deliver(queued.pk, now=later) == "sent"
    assert len(smtp_server.to("suzie@example.com")) == 1


def test_a_server_that_is_down_is_a_temporary_failure(settings):
    queued, _ = queue_confirmation()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on discard
    assert emails.deliver(queued.pk) == "retry"
    queued.refresh_from_db()
    assert queued.status == OutboundEmail.Status.QUEUED and queued.last_error


def test_a_permanent_failure_is_recorded_not_retried(smtp_server, caplog):
    queued, _ = queue_confirmation()
    smtp_server.rcpt_reply = "550 5.1.1 No such user"
    with caplog.at_level(logging.INFO):
        assert emails.deliver(queued.pk) == "failed"
    queued.refresh_from_db()
    assert queued.status == OutboundEmail.Status.FAILED
    assert "suzie@example.com" not in app_log(caplog)
    assert "failed permanently" in app_log(caplog)
    assert emails.deliver(queued.pk) == "skipped"


def test_delivering_twice_sends_once(smtp_server):
    queued, _ = queue_confirmation()
    assert emails.deliver(queued.pk) == "sent"
    assert emails.deliver(queued.pk) == "skipped"
    assert len(smtp_server.messages) == 1


def test_mail_abandoned_by_a_dead_worker_is_picked_up(smtp_server, run_tasks):
    queued, _ = queue_confirmation()
    stale = timezone.now() - datetime.timedelta(minutes=1)
    OutboundEmail.objects.filter(pk=queued.pk).update(
        status=OutboundEmail.Status.SENDING, next_attempt_at=stale, attempts=1
    )
    assert "sweep_emails" in enqueue_due_jobs()
    run_tasks()
    queued.refresh_from_db()
    assert queued.status == OutboundEmail.Status.SENT
    assert len(smtp_server.messages) == 1


def test_the_schedule_enqueues_each_job_once_per_interval():
    now = timezone.now()
    first = enqueue_due_jobs(now)
    assert (
        set(first)
        == {job.name for job in SCHEDULE}
        >= {
            "count_signatures",
            "close_petitions",
            "reconcile_counts",
            "sweep_emails",
            "prune_task_results",
            "resume_petition_updates",
            "clear_sessions",
            "prune_rate_counters",
        }
    )
    assert enqueue_due_jobs(now) == []  # a second worker at the same moment gets nothing
    assert enqueue_due_jobs(now + datetime.timedelta(seconds=6)) == ["count_signatures"]


def test_the_demo_outbox_shows_sent_mail_only_in_demo_mode(client, settings):
    queued, _ = queue_confirmation()
    page = client.get(f"/en/demo/outbox/{queued.pk}/")
    assert page.status_code == 200 and "Confirm your signature" in page.content.decode()
    settings.DEMO_OUTBOX = False
    assert client.get(f"/en/demo/outbox/{queued.pk}/").status_code == 404
