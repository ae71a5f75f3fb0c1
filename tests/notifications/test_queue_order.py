"""The email queue's order on the viral day: one person's own email before a fan-out's mail, and
a fan-out's next batch written ahead of the deliveries it has queued."""

import pytest
from django.core import mail
from django.test import TestCase

from deiseb.core.models import OutboundEmail
from deiseb.core.worker import run_due_tasks
from deiseb.geography.models import Country
from deiseb.notifications.models import PetitionUpdate
from deiseb.signatures import services as signing

pytestmark = pytest.mark.django_db

OUTCOME = PetitionUpdate.Kind.DEBATE_OUTCOME


def run_one() -> int:
    """The next task in the queue's order, and the deliveries its commit queues."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return run_due_tasks(limit=1, queues=("email",))


def test_a_signers_link_goes_before_a_fanout_queued_earlier(story, start, settings):
    settings.NOTIFICATION_BATCH_SIZE = 2
    start(story.debate, OUTCOME)
    assert run_one() == 1  # the first batch: two rows, their delivery, and the next batch
    assert OutboundEmail.objects.filter(kind=OUTCOME).count() == 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        signing.sign_petition(
            story.petition,
            name="Nia Newcomer",
            email="nia@example.com",
            postcode="CF10 1AA",
            country_code=Country.WALES,
            notify_by_email=False,
            language="en",
        )
    assert run_one() == 1
    assert [message.to for message in mail.outbox] == [["nia@example.com"]]


def test_a_fanout_writes_its_next_batch_before_sending_the_last(story, start, settings):
    settings.NOTIFICATION_BATCH_SIZE = 2
    start(story.debate, OUTCOME)
    run_one()
    run_one()
    assert OutboundEmail.objects.filter(kind=OUTCOME).count() == 4
    assert mail.outbox == []  # both batches written, nothing sent yet
    while run_one():
        pass
    assert PetitionUpdate.objects.get().is_sent
    sent = {address for message in mail.outbox for address in message.to}
    assert sent == set(OutboundEmail.objects.filter(kind=OUTCOME).values_list("to", flat=True))
