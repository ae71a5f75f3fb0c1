"""Counting never waits for mail: an SMTP server that stalls delays email, not the counts.

Before, one worker loop served every queue, so each stalled send (EMAIL_TIMEOUT) sat in front
of the next count: 20 confirmed signatures took 125 s to be counted at a 5 s interval.
"""

import time

from django.utils import timezone

from deiseb.core.models import OutboundEmail
from deiseb.petitions.models import Petition
from deiseb.signatures.emails import confirm_signature
from tests.factories import OpenPetitionFactory, SignatureFactory, ValidatedSignatureFactory
from tests.faults.processes import StallingSmtp, report, wait_for, worker_commands

COUNT_INTERVAL = 1
SIGNATURES = 20


def test_counts_and_closing_keep_up_while_every_email_times_out(processes, capsys):
    smtp = StallingSmtp()
    petition = OpenPetitionFactory()
    due = OpenPetitionFactory(closes_at=timezone.now() - timezone.timedelta(minutes=1))
    for _ in range(20):  # 20 emails x EMAIL_TIMEOUT (5 s): 100 s of mail in front of everything
        confirm_signature(SignatureFactory(petition=petition))
    mail = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port), "EMAIL_TIMEOUT": "5"}
    try:
        for command in worker_commands():
            processes.deiseb("worker", *command, DEISEB_CLOSE_INTERVAL="1", **mail)
        wait_for(
            lambda: OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING).exists(),
            timeout=20,
            what="the email worker to be stuck in a send",
        )

        lags, signed_at = [], []
        deadline = time.monotonic() + 30
        while len(lags) < SIGNATURES and time.monotonic() < deadline:
            if len(signed_at) < SIGNATURES and (
                not signed_at or time.monotonic() - signed_at[-1] > 0.3
            ):
                ValidatedSignatureFactory(petition=petition)
                signed_at.append(time.monotonic())
            counted = Petition.objects.values_list("signature_count", flat=True).get(pk=petition.pk)
            while len(lags) < min(counted, len(signed_at)):
                lags.append(time.monotonic() - signed_at[len(lags)])
            time.sleep(0.02)
        closed = Petition.objects.filter(pk=due.pk, state=Petition.State.CLOSED).exists()
        sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count()
    finally:
        smtp.stop()

    report(
        capsys,
        "slow SMTP (every send times out after 5 s)",
        signatures=len(signed_at),
        counted=len(lags),
        max_count_lag=f"{max(lags, default=0):.2f} s",
        bound=f"{2 * COUNT_INTERVAL} s",
        emails_sent=sent,
        due_petition_closed=closed,
    )
    assert len(lags) == SIGNATURES, processes.logs()
    assert max(lags) < 2 * COUNT_INTERVAL
    assert closed and sent == 0
