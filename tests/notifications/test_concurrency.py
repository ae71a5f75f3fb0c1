"""Two workers sending one update at once, and two clerks pressing at once, against PostgreSQL.

Each worker is a thread with its own connection, committing for real; a barrier releases them
together. SQLite serialises writers, so there is no race to lose there: these are skipped.
"""

import collections
import threading

import pytest
from django.db import connection

from deiseb.core.models import OutboundEmail
from deiseb.notifications import services
from deiseb.notifications.models import PetitionUpdate, UpdateDelivery
from tests.helpers import postgres_only
from tests.notifications.story import RECIPIENTS, build_story

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OUTCOME = PetitionUpdate.Kind.DEBATE_OUTCOME


def in_threads(*jobs):
    """Run each job in its own thread, released together; return what they raised."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_workers_racing_over_one_update_email_each_inbox_once():
    story = build_story(extra_signers=40)
    (update,) = services.email_signers(story.debate, OUTCOME)

    errors = in_threads(*[lambda: services.send_update(update.pk, size=3)] * 4)

    assert errors == []
    expected = RECIPIENTS | {f"extra{n}@example.com" for n in range(40)}
    sent = collections.Counter(OutboundEmail.objects.values_list("to", flat=True))
    assert sent == dict.fromkeys(expected, 1)
    assert UpdateDelivery.objects.filter(update=update).count() == len(expected)
    update.refresh_from_db()
    assert update.is_sent


def test_clerks_pressing_at_once_start_one_update():
    story = build_story()
    errors = in_threads(*[lambda: services.email_signers(story.debate, OUTCOME)] * 4)
    assert errors == []
    assert PetitionUpdate.objects.filter(debate=story.debate).count() == 1
