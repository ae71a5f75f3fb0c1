"""Mail in batches: one task and one SMTP connection for many rows, each row marked as it goes."""

import smtplib
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django_tasks_db.models import DBTaskResult

from deiseb.core import emails
from deiseb.core.models import OutboundEmail
from tests.conftest import _free_port

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


def queued(n: int, **fields) -> list[OutboundEmail]:
    rows = [
        emails.build_email(
            "petitions/emails/test",
            to=f"signer{i}@example.com",
            language="en",
            rendered=("Subject", f"Dear signer {i},\n", f"<p>Dear signer {i},</p>"),
        )
        for i in range(n)
    ]
    for row in rows:
        for name, value in fields.items():
            setattr(row, name, value)
    return emails.queue_emails(rows)


class Server:
    """aiosmtpd that refuses some recipients at RCPT, or some messages at the final ".", and
    counts its connections."""

    def __init__(self, refuse_rcpt=None, refuse_data=None):
        self.refuse_rcpt, self.refuse_data = refuse_rcpt or {}, refuse_data or {}
        self.accepted, self.sessions = [], 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        (address,) = envelope.rcpt_tos
        if address in self.refuse_data:
            return self.refuse_data[address]
        self.accepted.append((address, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted for delivery"


@pytest.fixture
def server(settings):
    servers = []

    def start(**refusals) -> Server:
        handler = Server(**refusals)
        controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
        controller.start()
        servers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        return handler

    yield start
    for controller in servers:
        controller.stop()


def statuses(rows) -> list[str]:
    return list(
        OutboundEmail.objects.filter(pk__in=[r.pk for r in rows])
        .order_by("pk")
        .values_list("status", flat=True)
    )


def test_a_batch_goes_out_over_one_connection_and_each_row_is_marked(server):
    smtp = server()
    rows = queued(5)
    assert emails.deliver_many([row.pk for row in rows]) == {"sent": 5}
    assert smtp.sessions == 1
    assert sorted(address for address, _ in smtp.accepted) == sorted(r.to for r in rows)
    assert statuses(rows) == [Status.SENT] * 5
    assert emails.deliver_many([row.pk for row in rows]) == {"skipped": 5}  # never twice


def test_one_refused_recipient_is_recorded_and_the_rest_still_go(server):
    smtp = server(
        refuse_rcpt={"signer1@example.com": "550 5.1.1 No such user"},
        refuse_data={"signer3@example.com": "451 4.3.0 Try again later"},
    )
    rows = queued(5)
    assert emails.deliver_many([row.pk for row in rows]) == {"sent": 3, "failed": 1, "retry": 1}
    assert smtp.sessions == 1
    assert statuses(rows) == [Status.SENT, Status.FAILED, Status.SENT, Status.QUEUED, Status.SENT]
    # Refused at the final "." after the row was marked: the mark became a retry.
    retried = OutboundEmail.objects.get(pk=rows[3].pk)
    assert retried.sent_at is None and retried.attempts == 1 and retried.last_error


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_marks_made_outside_a_transaction_are_each_answered_before_the_next(server):
    # As in a worker: each mark autocommits before its "." leaves, and a refusal at the "."
    # then needs the connection for itself.
    smtp = server(refuse_data={"signer1@example.com": "451 4.3.0 Try again later"})
    rows = queued(3)
    assert emails.deliver_many([row.pk for row in rows]) == {"sent": 2, "retry": 1}
    assert len(smtp.accepted) == 2
    assert statuses(rows) == [Status.SENT, Status.QUEUED, Status.SENT]
    assert OutboundEmail.objects.filter(status=Status.SENT, sent_at__isnull=False).count() == 2


def test_a_refusal_at_the_end_of_data_can_be_permanent(server):
    server(refuse_data={"signer0@example.com": "554 5.7.1 Rejected"})
    (row,) = queued(1)
    assert emails.deliver(row.pk) == "failed"
    assert statuses([row]) == [Status.FAILED]


def test_a_server_that_is_down_leaves_every_row_for_a_retry(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on discard
    rows = queued(3)
    assert emails.deliver_many([row.pk for row in rows]) == {"retry": 3}
    assert statuses(rows) == [Status.QUEUED] * 3
    assert set(OutboundEmail.objects.values_list("attempts", flat=True)) == {1}


def test_a_server_that_drops_the_connection_is_dialled_again(server, monkeypatch):
    smtp = server()
    rows = queued(4)
    real = smtplib.SMTP.mail
    calls = []

    def drops_once(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the second message: the server has gone away
            self.close()
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "mail", drops_once)
    assert emails.deliver_many([row.pk for row in rows]) == {"sent": 3, "retry": 1}
    assert smtp.sessions == 2
    assert statuses(rows) == [Status.SENT, Status.QUEUED, Status.SENT, Status.SENT]


def test_rows_queued_together_get_one_delivery_task_per_batch(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued(emails.DELIVERY_BATCH + 1)
    tasks = DBTaskResult.objects.all()
    assert [t.task_path for t in tasks] == ["deiseb.core.tasks.deliver_emails"] * 2
    assert sorted(len(t.args_kwargs["args"][0]) for t in tasks) == [1, emails.DELIVERY_BATCH]


def test_the_reaper_requeues_a_dead_workers_claims_in_batches(django_capture_on_commit_callbacks):
    from django.utils import timezone

    rows = queued(3)
    OutboundEmail.objects.update(status=Status.SENDING, claimed_by="dead")
    deliveries = DBTaskResult.objects.filter(task_path="deiseb.core.tasks.deliver_emails")
    before = deliveries.count()  # queued with the rows themselves
    with django_capture_on_commit_callbacks(execute=True):
        assert sorted(emails.release_claims(["dead"], timezone.now())) == [r.pk for r in rows]
    assert deliveries.count() == before + 1  # one task for the three, not one each
    assert statuses(rows) == [Status.QUEUED] * 3


@pytest.mark.parametrize(
    ("subject", "text", "html", "headers"),
    [
        ("Confirm your signature", "Dear Suzie,\n\n.A line with a dot\n", "<p>Hi</p>", {}),
        (
            "Dadl wedi’i threfnu: “Cynnal ymchwiliad”",
            "Annwyl Gwen Gymraeg,\n\nDiolch yn fawr — ŵ ŷ\n",
            "<p>Annwyl Gwen Gymraeg, ŵ</p>",
            {
                "List-Unsubscribe": "<http://testserver/cy/diweddariadau/" + "x" * 90 + "/>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        ),
        ("Long lines", "a" * 1200 + "\n", "<p>" + "é" * 600 + "</p>", {}),
    ],
)
def test_the_message_written_directly_reads_as_djangos(subject, text, html, headers):
    (row,) = queued(1)
    row.subject, row.body_text, row.body_html, row.headers = subject, text, html, headers
    row.language = "cy"
    ours = message_from_bytes(emails.message_bytes(row), policy=policy.default)
    django = message_from_bytes(
        emails.message_for(row).message().as_bytes(linesep="\r\n"), policy=policy.default
    )
    names = [
        "Subject",
        "From",
        "To",
        "Message-ID",
        "Auto-Submitted",
        "Content-Language",
        "MIME-Version",
        *headers,
    ]
    # Django folds a long header onto a line of its own, which leaves a space in front.
    assert {n: str(ours[n]).strip() for n in names} == {n: str(django[n]).strip() for n in names}
    assert ours.get_content_type() == django.get_content_type() == "multipart/alternative"
    for kind in ("plain", "html"):
        assert (
            ours.get_body(preferencelist=(kind,)).get_content()
            == django.get_body(preferencelist=(kind,)).get_content()
        )
