"""SMTP down, then back: mail queued meanwhile is retried with backoff and delivered once."""

import time

from django.db.models import Max, Min

from deiseb.core.models import OutboundEmail
from deiseb.signatures.emails import confirm_signature
from tests.factories import OpenPetitionFactory, SignatureFactory
from tests.faults.processes import Sink, free_port, report, wait_for, worker_commands

EMAILS = 50


def test_mail_queued_while_smtp_is_down_is_delivered_once_when_it_returns(processes, capsys):
    port = free_port()  # nothing listens here yet: every connection is refused
    env = {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "DEISEB_EMAIL_RETRY_BACKOFF": "1",  # 2 s, 4 s, 8 s… instead of 60 s, 120 s, 240 s…
        "DEISEB_EMAIL_SWEEP_INTERVAL": "1",
    }
    for command in worker_commands():
        processes.deiseb("worker", *command, **env)
    petition = OpenPetitionFactory()
    for n in range(EMAILS):
        confirm_signature(SignatureFactory(petition=petition, email=f"down{n}@example.com"))
    queued = OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED)
    wait_for(
        lambda: queued.filter(attempts__gte=2).count() == EMAILS,
        timeout=30,
        what="every email to have been tried twice",
    )
    assert not OutboundEmail.objects.exclude(status=OutboundEmail.Status.QUEUED).exists()

    sink = Sink(port).start()
    back = time.monotonic()
    try:
        wait_for(
            lambda: (
                OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count() == EMAILS
            ),
            timeout=45,
            what="every email to be delivered once SMTP is back",
        )
        delivered_after = time.monotonic() - back
        time.sleep(1)  # a duplicate would arrive within a sweep; give it the chance
        attempts = OutboundEmail.objects.aggregate(least=Min("attempts"), most=Max("attempts"))
    finally:
        sink.stop()

    report(
        capsys,
        f"SMTP down, then back ({EMAILS} emails, backoff 1 s x 2^attempts)",
        delivered=sink.total,
        duplicates=sink.duplicates(),
        attempts=f"{attempts['least']}-{attempts['most']}",
        all_delivered_after=f"{delivered_after:.1f} s",
    )
    assert sorted(sink.received) == sorted(f"down{n}@example.com" for n in range(EMAILS))
    assert sink.duplicates() == 0
    assert not OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED).exists()
