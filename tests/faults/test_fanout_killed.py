"""`kill -9` of the email worker during a fan-out: nobody gets an update twice, nobody none.

Mail goes out in batches over one SMTP connection, and each row's mark goes to PostgreSQL just
before its message's final "." goes to the server, both before either answer is read. So a
worker killed while it waits for the answer leaves a row that says "sent", not one the reaper
would requeue and send again. The first kill here is aimed at exactly that moment (the server
holds its answer to one message until the worker is dead); the others land wherever the worker
is. SMTP cannot be exactly-once: a kill in the microseconds between the two writes would lose
the message. Duplicates and losses are reported as found.
"""

import asyncio
import os
import threading
import time

from django.db.models import Count
from django.utils import timezone

from deiseb.core.models import OutboundEmail, WorkerHeartbeat
from deiseb.notifications.models import PetitionUpdate
from deiseb.notifications.services import email_signers
from deiseb.signatures.models import Signature
from tests.factories import DebateFactory, OpenPetitionFactory, ValidatedSignatureFactory
from tests.faults.processes import Sink, report, wait_for, worker_commands
from tests.faults.test_worker_killed import claims_of, worker_id_of

COUNTING, OTHERS = worker_commands()
FANOUT = int(os.environ.get("DEISEB_FAULTS_FANOUT", 2000))
HELD = "held@example.com"
RANDOM_KILLS = 2


class HoldingSink(Sink):
    """Counts every message; holds its answer to the first one for HELD until released."""

    def __init__(self):
        super().__init__()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if HELD in envelope.rcpt_tos and not self.release.is_set():
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
        return reply


def signers(petition) -> list[Signature]:
    addresses = [f"signer{n}@example.com" for n in range(FANOUT - 1)]
    addresses.insert(FANOUT // 4, HELD)
    return [
        ValidatedSignatureFactory.build(
            petition=petition, notify_by_email=True, email=address, canonical_email=address
        )
        for address in addresses
    ]


def test_a_fanout_sends_each_email_once_when_the_email_worker_is_killed(processes, capsys):
    sink = HoldingSink().start()
    petition = OpenPetitionFactory()
    debate = DebateFactory(date=timezone.localdate() + timezone.timedelta(days=7))
    debate.petitions.add(petition)
    addresses = [s.email for s in Signature.objects.bulk_create(signers(petition))]
    mail = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port), "EMAIL_TIMEOUT": "60"}
    processes.deiseb("counting", *COUNTING, **mail)
    sender = processes.deiseb("others", *OTHERS, **mail)
    killed, in_hand, began = set(), [], time.monotonic()
    try:
        email_signers(debate, PetitionUpdate.Kind.DEBATE_SCHEDULED)

        # 1. While the server holds its answer to HELD's message, the row already says sent.
        killed.add(worker_id_of(sender))
        wait_for(lambda: sink.received[HELD], timeout=120, what="the held message to arrive")
        held_row = OutboundEmail.objects.filter(to=HELD)
        wait_for(
            lambda: held_row.filter(status=OutboundEmail.Status.SENT).exists(),
            timeout=20,
            what="the held message's row marked sent before the server answered",
        )
        sender.kill9()
        sink.release.set()
        in_hand.append(OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING).count())
        sender = processes.deiseb("others", *OTHERS, **mail)

        # 2. Kills wherever the worker happens to be.
        for kill in range(RANDOM_KILLS):
            killed.add(worker_id_of(sender))
            target = FANOUT * (kill + 2) // (RANDOM_KILLS + 2)
            wait_for(lambda t=target: sink.total >= t, timeout=120, what=f"{target} emails sent")
            sender.kill9()
            in_hand.append(
                OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING).count()
            )
            sender = processes.deiseb("others", *OTHERS, **mail)

        wait_for(
            lambda: (
                PetitionUpdate.objects.filter(state=PetitionUpdate.State.SENT).exists()
                and not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists()
            ),
            timeout=180,
            what="every email to be sent",
        )
        rows = OutboundEmail.objects.count()
        wait_for(lambda: sink.total >= rows, timeout=10, what="the sink to catch up")
        elapsed = time.monotonic() - began
        per_address = OutboundEmail.objects.values("to").annotate(n=Count("pk"))
    finally:
        sink.release.set()
        sink.stop()

    lost = sum(1 for address in addresses if not sink.received[address])
    report(
        capsys,
        f"kill -9 x{1 + RANDOM_KILLS} of the email worker during a fan-out of {FANOUT:,}",
        rows=rows,
        received=sink.total,
        lost=lost,
        duplicates=sink.duplicates(),
        held_message_received=sink.received[HELD],
        rows_in_hand_at_kills=in_hand,
        elapsed=f"{elapsed:.0f} s",
    )
    assert rows == FANOUT and all(row["n"] == 1 for row in per_address)
    assert lost == 0
    assert sink.received[HELD] == 1
    assert sink.duplicates() == 0
    assert not claims_of(killed)
    assert not WorkerHeartbeat.objects.filter(pk__in=killed).exists()
