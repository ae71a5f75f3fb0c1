"""`kill -9` of a worker: another takes over within a minute, nothing is lost, counts stay exact.

Before, a killed worker's task rows stayed RUNNING for ever and the email it was sending waited
ten minutes for the sweeper. Now each worker beats every second or so (here 1 s), one silent
for WORKER_LOST_AFTER (here 3 s) is taken for dead, and the reaper requeues its claims.
"""

import os
import time

from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from deiseb.core.models import OutboundEmail, WorkerHeartbeat
from deiseb.notifications.models import PetitionUpdate
from deiseb.notifications.services import email_signers
from deiseb.petitions.models import Petition
from deiseb.signatures.counting import reconcile_counts
from deiseb.signatures.models import ConstituencyCount, CountryCount, Signature
from tests.factories import (
    DebateFactory,
    OpenPetitionFactory,
    ValidatedSignatureFactory,
    constituency,
)
from tests.faults.processes import Sink, report, wait_for, worker_commands

COUNTING, OTHERS = worker_commands()
KILLS = 3
# The figure is 10,000; `make test` sends fewer to stay quick on two cores.
FANOUT = int(os.environ.get("DEISEB_FAULTS_FANOUT", 1000))


def worker_id_of(process) -> str:
    (worker_id,) = wait_for(
        lambda: WorkerHeartbeat.objects.filter(pid=process.pid).values_list("pk", flat=True)[:1],
        timeout=20,
        what=f"the heartbeat of worker pid {process.pid}",
    )
    return worker_id


def claims_of(worker_ids: set[str]) -> list:
    """Task rows still RUNNING in the name of these workers."""
    running = DBTaskResult.objects.running().values_list("worker_ids", flat=True)
    return [ids for ids in running if ids and ids[-1] in worker_ids]


def test_counts_are_exact_after_the_counting_worker_is_killed_mid_count(processes, capsys):
    petition = OpenPetitionFactory()
    cardiff = constituency()
    Signature.objects.bulk_create(
        ValidatedSignatureFactory.build_batch(12_000, petition=petition, constituency=cardiff)
        + ValidatedSignatureFactory.build_batch(8_000, petition=petition, country_id="FR")
    )
    # Small batches, so a kill lands mid-count; PostgreSQL commits slower, so larger there.
    batch = 500 if connection.vendor == "postgresql" else 50
    env = {"DEISEB_COUNT_BATCH_SIZE": str(batch)}
    processes.deiseb("others", *OTHERS, **env)
    counter = processes.deiseb("counting", *COUNTING, **env)

    def count() -> int:
        return Petition.objects.values_list("signature_count", flat=True).get(pk=petition.pk)

    killed, at_kill, resumed = set(), [], []
    for _ in range(KILLS):
        killed.add(worker_id_of(counter))
        before = count()
        wait_for(lambda before=before: count() > before, timeout=30, what="counting to go on")
        counter.kill9()
        at_kill.append(count())
        started = time.monotonic()
        counter = processes.deiseb("counting", *COUNTING, **env)
        wait_for(lambda: count() > at_kill[-1], timeout=30, what="a new worker to count")
        resumed.append(time.monotonic() - started)

    total = Signature.objects.validated().filter(petition=petition).count()
    wait_for(lambda: count() == total, timeout=60, what="every signature to be counted")
    wait_for(lambda: not claims_of(killed), timeout=20, what="the killed workers' tasks reaped")
    reaped = DBTaskResult.objects.filter(task_path__endswith="count_signatures").count()
    report(
        capsys,
        f"kill -9 while counting 20,000 signatures in batches of {batch}",
        counts_at_kills=at_kill,
        final_count=count(),
        confirmed=total,
        counting_resumed_after=f"{max(resumed):.1f} s",
        count_tasks=reaped,
    )
    assert at_kill[-1] < total  # the kills did land mid-way
    assert count() == total == 20_000
    assert dict(ConstituencyCount.objects.values_list("constituency", "count")) == {
        cardiff.code: 12_000
    }
    assert dict(CountryCount.objects.values_list("country", "count")) == {
        "GB-WLS": 12_000,
        "FR": 8_000,
    }
    assert reconcile_counts() == 0


def test_a_fanout_loses_nothing_when_the_email_worker_is_killed(processes, capsys):
    # 20 ms a message: the fan-out then lasts past its three kills and their recoveries.
    sink = Sink(pause=0.02).start()
    petition = OpenPetitionFactory()
    debate = DebateFactory(date=timezone.localdate() + timezone.timedelta(days=7))
    debate.petitions.add(petition)
    Signature.objects.bulk_create(
        [
            ValidatedSignatureFactory.build(
                petition=petition,
                notify_by_email=True,
                email=f"signer{n}@example.com",
                canonical_email=f"signer{n}@example.com",
            )
            for n in range(FANOUT)
        ]
    )
    mail = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port)}
    processes.deiseb("counting", *COUNTING, **mail)
    sender = processes.deiseb("others", *OTHERS, **mail)
    began = time.monotonic()
    try:
        email_signers(debate, PetitionUpdate.Kind.DEBATE_SCHEDULED)
        recoveries, mid_send, killed, held = [], 0, set(), []
        for kill in range(KILLS):
            dead = worker_id_of(sender)
            killed.add(dead)
            target = FANOUT * (kill + 1) // (KILLS + 2)
            wait_for(lambda t=target: sink.total >= t, timeout=90, what=f"{target} emails sent")
            sender.kill9()
            killed_at, sent_at_kill = time.monotonic(), sink.total
            in_hand = list(
                OutboundEmail.objects.filter(
                    status=OutboundEmail.Status.SENDING, claimed_by=dead
                ).values_list("to", flat=True)
            )
            mid_send += len(in_hand)
            sender = processes.deiseb("others", *OTHERS, **mail)

            def taken_over(in_hand=in_hand, sent_at_kill=sent_at_kill, dead=dead):
                """The dead worker's claims released and sending going on; that what it held
                was sent is checked at the end (lost == 0), so the next kill is mid-way too."""
                released = not OutboundEmail.objects.filter(
                    to__in=in_hand, status=OutboundEmail.Status.SENDING, claimed_by=dead
                ).exists()
                return released and sink.total > sent_at_kill

            wait_for(taken_over, timeout=60, what="another worker to take over")
            recoveries.append(time.monotonic() - killed_at)
            held.extend(in_hand)

        wait_for(
            lambda: (
                not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists()
                and PetitionUpdate.objects.filter(state=PetitionUpdate.State.SENT).exists()
            ),
            timeout=180,
            what="every email to be sent",
        )
        elapsed = time.monotonic() - began
        rows = OutboundEmail.objects.count()
        per_address = OutboundEmail.objects.values("to").annotate(n=Count("pk"))
        wait_for(lambda: sink.total >= rows, timeout=10, what="the sink to catch up")
    finally:
        sink.stop()

    lost = sum(1 for n in range(FANOUT) if not sink.received[f"signer{n}@example.com"])
    report(
        capsys,
        f"kill -9 x{KILLS} during a fan-out of {FANOUT:,} emails",
        rows=rows,
        sent=sink.total,
        lost=lost,
        duplicates=sink.duplicates(),
        in_hand_at_kills=mid_send,
        recovery=f"max {max(recoveries):.1f} s",
        elapsed=f"{elapsed:.0f} s ({FANOUT / elapsed:.0f}/s)",
    )
    assert rows == FANOUT and all(row["n"] == 1 for row in per_address)
    assert lost == 0 and all(sink.received[address] for address in held)
    assert sink.duplicates() <= KILLS
    assert max(recoveries) < 60
    # The reaper runs on its own clock (WORKER_LOST_AFTER, then each WORKER_REAP_INTERVAL): a
    # batched fan-out can finish before it has taken the last killed worker's row.
    wait_for(
        lambda: (
            not claims_of(killed) and not WorkerHeartbeat.objects.filter(pk__in=killed).exists()
        ),
        timeout=20,
        what="the killed workers' claims and heartbeats reaped",
    )
