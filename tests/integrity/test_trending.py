"""Each hour, an address or domain signing one petition a lot is logged, and a flood is notified.

The webhook is a real HTTP server on loopback, started by the test; signatures are stored as the
signing service stores them, at the hour being counted.
"""

import datetime
import io
import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.core.management import CommandError, call_command

from deiseb.core.scheduler import enqueue_due_jobs
from deiseb.integrity import trending
from deiseb.integrity.models import TrendingAddress
from deiseb.signatures.models import Signature
from tests.factories import OpenPetitionFactory, SignatureFactory

pytestmark = pytest.mark.django_db

# The hour counted, and a moment in the hour after it, when the hourly job runs.
HOUR = datetime.datetime(2026, 11, 30, 13, 0, tzinfo=datetime.UTC)
RUN_AT = HOUR + datetime.timedelta(hours=1, minutes=7)


def signed(petition, number, *, ip="203.0.113.9", domain=None, at=None, state="pending"):
    """`number` signatures on the petition from one address, within the hour counted."""
    at = at or HOUR + datetime.timedelta(minutes=30)
    first = Signature.objects.count()
    return [
        SignatureFactory(
            petition=petition,
            email=f"flood{first + n}@{domain or f'd{first + n}.example'}",
            ip_address=ip,
            created_at=at,
            state=state,
        )
        for n in range(number)
    ]


@pytest.fixture
def petition():
    with time_machine.travel(HOUR - datetime.timedelta(days=2), tick=False):
        return OpenPetitionFactory(
            action_en="Save the libraries", action_cy="Achub y llyfrgelloedd"
        )


class _Webhook(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.received.append(
            (self.headers["Content-Type"], json.loads(self.rfile.read(length)))
        )
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *args):  # keep the test output clean
        pass


class _Running:
    def __init__(self, server, thread):
        self.server, self.thread = server, thread

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def _start_webhook(settings) -> _Running:
    """A real HTTP server on a free loopback port, set as the trending webhook."""
    server = HTTPServer(("127.0.0.1", 0), _Webhook)
    server.received = []
    server.status = 204
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TRENDING_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/hooks/trending"
    return _Running(server, thread)


@pytest.fixture
def webhook(settings):
    running = _start_webhook(settings)
    yield running.server
    running.stop()


def _nothing_listening() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/hooks/trending"


def test_it_logs_an_address_with_more_than_100_signatures_in_an_hour(petition):
    signed(petition, 101)
    assert trending.log_trending(now=RUN_AT) == {"logged": 1, "notified": 0}
    row = TrendingAddress.objects.get()
    assert (row.petition, row.kind, row.value, row.hour, row.count, row.fraudulent) == (
        petition,
        "ip",
        "203.0.113.9",
        HOUR,
        101,
        0,
    )
    assert row.notified_at is None


def test_it_does_not_log_an_address_with_100(petition):
    signed(petition, 100)
    signed(petition, 100, ip="198.51.100.7")
    trending.log_trending(now=RUN_AT)
    assert not TrendingAddress.objects.exists()


def test_it_logs_a_domain_across_addresses_and_counts_the_fraudulent_among_them(petition):
    for n in range(101):
        kind = "fraudulent" if n < 30 else "validated"
        signed(petition, 1, ip=f"192.0.2.{n}", domain="mailinator.example", state=kind)
    trending.log_trending(now=RUN_AT)
    row = TrendingAddress.objects.get()
    assert (row.kind, row.value, row.count, row.fraudulent) == (
        "domain",
        "mailinator.example",
        101,
        30,
    )


def test_it_counts_each_petition_and_only_the_hour_counted(petition):
    other = OpenPetitionFactory()
    signed(petition, 60)
    signed(other, 60)  # 120 from the address, but no more than 100 on either petition
    signed(petition, 50, at=HOUR + datetime.timedelta(hours=1, minutes=1))  # the hour in progress
    trending.log_trending(now=RUN_AT)
    assert not TrendingAddress.objects.exists()


def test_running_twice_or_late_logs_the_hour_once(petition):
    signed(petition, 101)
    trending.log_trending(now=RUN_AT)
    signed(petition, 9)  # a late write into the same hour is caught by the next run
    trending.log_trending(now=RUN_AT + datetime.timedelta(hours=1))  # an hour late
    row = TrendingAddress.objects.get()
    assert (row.hour, row.count) == (HOUR, 110)


def test_it_posts_more_than_200_to_the_webhook_once_across_runs(petition, webhook):
    signed(petition, 201, domain="example.org", state="fraudulent")
    assert trending.log_trending(now=RUN_AT) == {"logged": 2, "notified": 2}
    assert trending.log_trending(now=RUN_AT + datetime.timedelta(minutes=30))["notified"] == 0
    bodies = sorted((body for _, body in webhook.received), key=lambda body: body["kind"])
    assert {content_type for content_type, _ in webhook.received} == {"application/json"}
    assert bodies == [
        {
            "petition": petition.pk,
            "action": {"en": "Save the libraries", "cy": "Achub y llyfrgelloedd"},
            "kind": "domain",
            "value": "example.org",
            "count": 201,
            "fraudulent": 201,
            "hour": "2026-11-30T13:00:00+00:00",
            "url": {
                "en": f"http://testserver/en/petitions/{petition.pk}/",
                "cy": f"http://testserver/cy/deisebau/{petition.pk}/",
            },
            "staff_url": f"http://testserver/en/staff/moderation/{petition.pk}/",
        },
        {
            "petition": petition.pk,
            "action": {"en": "Save the libraries", "cy": "Achub y llyfrgelloedd"},
            "kind": "ip",
            "value": "203.0.113.9",
            "count": 201,
            "fraudulent": 201,
            "hour": "2026-11-30T13:00:00+00:00",
            "url": {
                "en": f"http://testserver/en/petitions/{petition.pk}/",
                "cy": f"http://testserver/cy/deisebau/{petition.pk}/",
            },
            "staff_url": f"http://testserver/en/staff/moderation/{petition.pk}/",
        },
    ]
    assert not TrendingAddress.objects.filter(notified_at__isnull=True).exists()


def test_it_logs_200_without_notifying(petition, webhook):
    signed(petition, 200)
    assert trending.log_trending(now=RUN_AT) == {"logged": 1, "notified": 0}
    assert webhook.received == []


def test_a_webhook_that_is_down_is_tried_again_at_the_next_run(petition, settings, caplog):
    signed(petition, 201)
    settings.TRENDING_WEBHOOK_URL = _nothing_listening()
    with caplog.at_level(logging.WARNING, logger="deiseb.integrity.trending"):
        assert trending.log_trending(now=RUN_AT) == {"logged": 1, "notified": 0}
    row = TrendingAddress.objects.get()
    assert row.notified_at is None
    assert "webhook" in caplog.text
    assert "203.0.113.9" not in caplog.text  # no signer's address in a log line
    assert "flood" not in caplog.text

    webhook = _start_webhook(settings)
    try:
        assert trending.log_trending(now=RUN_AT + datetime.timedelta(hours=1))["notified"] == 1
    finally:
        webhook.stop()
    assert [body["value"] for _, body in webhook.server.received] == ["203.0.113.9"]
    row.refresh_from_db()
    assert row.notified_at == RUN_AT + datetime.timedelta(hours=1)


def test_a_webhook_answering_an_error_is_tried_again(petition, webhook):
    signed(petition, 201)
    webhook.status = 500
    assert trending.log_trending(now=RUN_AT)["notified"] == 0
    webhook.status = 200
    assert trending.log_trending(now=RUN_AT + datetime.timedelta(minutes=5))["notified"] == 1
    assert len(webhook.received) == 2  # the refused post, and the one that got through


def test_without_a_webhook_it_only_logs(petition, settings):
    settings.TRENDING_WEBHOOK_URL = ""
    signed(petition, 201)
    assert trending.log_trending(now=RUN_AT) == {"logged": 1, "notified": 0}
    assert TrendingAddress.objects.get().notified_at is None


def test_the_worker_logs_trending_addresses_every_hour(petition, run_tasks):
    signed(petition, 101)
    with time_machine.travel(RUN_AT, tick=False):
        assert "log_trending" in enqueue_due_jobs()
        run_tasks()
        later = RUN_AT + datetime.timedelta(minutes=59)
        assert "log_trending" not in enqueue_due_jobs(later)
        assert "log_trending" in enqueue_due_jobs(later + datetime.timedelta(minutes=1))
    assert TrendingAddress.objects.get().count == 101


def test_the_command_counts_the_hours_before_a_time_given(petition):
    signed(petition, 101)
    out = io.StringIO()
    call_command("log_trending", "--as-of", "2026-11-30T15:30", stdout=out)  # two hours late
    assert out.getvalue() == "Logged 1 trending rows, notified 0\n"
    assert TrendingAddress.objects.get().hour == HOUR


@pytest.mark.parametrize("as_of", ["yesterday", "2099-01-01T00:00"])
def test_the_command_refuses_a_time_it_cannot_count(as_of):
    with pytest.raises(CommandError):
        call_command("log_trending", "--as-of", as_of)
