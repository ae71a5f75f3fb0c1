"""Signing, confirming and counting under real concurrency, against PostgreSQL.

The rest of the suite runs each test inside one transaction on one connection, so it cannot see
a race. Here every worker is a thread with its own connection, committing for real, and a
barrier releases them together so the work overlaps instead of trickling in one by one. SQLite
takes a database-wide write lock, so there is no race to lose there: these tests are skipped.

The database is flushed after each transactional test; `serialized_rollback` puts back what the
migrations seeded (countries, roles), which every test here needs.
"""

import collections
import itertools
import threading

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client

from deiseb.petitions.models import Petition
from deiseb.signatures import services
from deiseb.signatures.counting import count_signatures, reconcile_counts
from deiseb.signatures.models import ConstituencyCount, CountryCount, Signature
from tests.factories import (
    OpenPetitionFactory,
    SignatureFactory,
    ValidatedSignatureFactory,
    constituency,
)
from tests.helpers import postgres_only

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WORKERS = 20


def in_threads(jobs, *, background=()):
    """Run each job in its own thread, all released by one barrier; return what they raised.

    `background` jobs take the stop event and loop until the foreground jobs are done, so a
    counter or reconciler keeps running for the whole storm rather than before or after it.
    Every thread closes its own connection: a connection left open would outlive the test and
    block the test database from being dropped.
    """
    barrier = threading.Barrier(len(jobs) + len(background))
    stop = threading.Event()
    errors = []

    def run(job, *args):
        try:
            barrier.wait()
            job(*args)
        except Exception as error:
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    background_threads = [threading.Thread(target=run, args=(job, stop)) for job in background]
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in background_threads + threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    for thread in background_threads:
        thread.join()
    return errors


def looping(work, runs):
    """A background job: call `work` until stopped (at least once), recording each result."""

    def job(stop):
        while True:
            runs.append(work())
            if stop.is_set():
                return

    return job


def deal(items, hands=WORKERS):
    """Split items round-robin into one list per worker."""
    return [items[i::hands] for i in range(hands)]


def pending_signatures(petition):
    """200 pending signatures spread over two constituencies, Wales without one, and France.

    Returns the expected counts, so a test compares against what it built, not a recount.
    """
    cardiff = constituency()
    swansea = constituency(code="W09000058", name="Gwyr Abertawe", postcodes=("SA11AA",))
    SignatureFactory.create_batch(80, petition=petition, constituency=cardiff)
    SignatureFactory.create_batch(40, petition=petition, constituency=swansea, postcode="SA11AA")
    SignatureFactory.create_batch(60, petition=petition)
    SignatureFactory.create_batch(20, petition=petition, country_id="FR", postcode="")
    return 200, {cardiff.code: 80, swansea.code: 40}, {"GB-WLS": 180, "FR": 20}


def stored_counts(petition):
    petition.refresh_from_db()
    return (
        petition.signature_count,
        dict(
            ConstituencyCount.objects.filter(petition=petition).values_list("constituency", "count")
        ),
        dict(CountryCount.objects.filter(petition=petition).values_list("country", "count")),
    )


def assert_all_counted(petition, expected):
    signatures = Signature.objects.filter(petition=petition)
    assert signatures.count() == expected[0]
    assert not signatures.exclude(state=Signature.State.VALIDATED).exists()
    assert not signatures.filter(count_batch__isnull=True).exists()
    assert stored_counts(petition) == expected


def confirm_by_service(tokens, outcomes):
    """Confirm as the view does: look the token up afresh, then confirm."""
    for token in tokens:
        try:
            services.confirm_signature(services.find_signature(token))
            outcomes.append("confirmed")
        except services.ConfirmError as error:
            outcomes.append(error.code)


def test_200_concurrent_confirmations_are_counted_exactly_once():
    """Every link is clicked twice at once: one click confirms, the other hears "already"."""
    petition = OpenPetitionFactory()
    expected = pending_signatures(petition)
    tokens = list(Signature.objects.filter(petition=petition).values_list("token", flat=True))
    outcomes, counted = [], []

    # Each token appears twice, in two different hands, so the duplicates really race.
    errors = in_threads(
        [lambda hand=hand: confirm_by_service(hand, outcomes) for hand in deal(tokens * 2)],
        background=[looping(count_signatures, counted)],
    )

    assert errors == []
    assert collections.Counter(outcomes) == {"confirmed": 200, "already": 200}
    counted.append(count_signatures())
    assert sum(counted) == 200
    assert_all_counted(petition, expected)


def test_200_concurrent_confirmations_over_http_are_counted_exactly_once():
    """The real path: each thread is a browser pressing the confirm button (a POST)."""
    petition = OpenPetitionFactory()
    expected = pending_signatures(petition)
    tokens = list(Signature.objects.filter(petition=petition).values_list("token", flat=True))
    pages, counted = [], []

    def press(tokens):
        browser = Client()
        for token in tokens:
            response = browser.post(f"/en/signatures/{token}/confirm/")
            thanks = f"/en/petitions/{petition.pk}/sign/thank-you/"
            pages.append((response.status_code, response.get("Location", "").startswith(thanks)))

    errors = in_threads(
        [lambda hand=hand: press(hand) for hand in deal(tokens)],
        background=[looping(count_signatures, counted)],
    )

    assert errors == []
    assert pages == [(302, True)] * 200  # each one pressed, each sent to say thank you
    counted.append(count_signatures())
    assert sum(counted) == 200
    assert_all_counted(petition, expected)


def test_racing_counters_count_nothing_twice(settings):
    """Four counters at once over 2,000 signatures in batches of 100: each claimed once.

    Each racer keeps starting runs until nothing is left, as workers on a busy counting queue
    would; a counter whose claim loses to a rival's ends its run early (by design, the next run
    picks up), so a single run per racer would mostly race against nothing.
    """
    settings.COUNT_BATCH_SIZE = 100
    petition = OpenPetitionFactory()
    cardiff = constituency()
    Signature.objects.bulk_create(
        ValidatedSignatureFactory.build_batch(1200, petition=petition, constituency=cardiff)
        + ValidatedSignatureFactory.build_batch(800, petition=petition, country_id="FR")
    )
    counted = []

    def race():
        while Signature.objects.uncounted().exists():
            counted.append(count_signatures())

    errors = in_threads([race] * 4)

    assert errors == []
    assert sum(counted) == 2000
    assert count_signatures() == 0
    batches = Signature.objects.filter(petition=petition).values("count_batch")
    assert all(row["n"] <= 100 for row in batches.annotate(n=Count("pk")))
    assert_all_counted(petition, (2000, {cardiff.code: 1200}, {"GB-WLS": 1200, "FR": 800}))


def sign(petition_id, name, email, postcode="CF10 1AA"):
    """Sign as the form does, with a petition fetched on this thread's own connection."""
    return services.sign_petition(
        Petition.objects.get(pk=petition_id),
        name=name,
        email=email,
        postcode=postcode,
        country_code="GB-WLS",
        notify_by_email=False,
        language="en",
    )


EMAIL_SPELLINGS = [
    "Sam.Smith+x@gmail.com",
    "samsmith@googlemail.com",
    "SAMSMITH@GMAIL.COM",
    "s.a.m.smith@gmail.com",
    "sam.smith+petition@GoogleMail.com",
    "  samsmith@gmail.com ",
    "SamSmith+1@Gmail.Com",
    "sam.s.mith+@gmail.com",
]


@pytest.mark.parametrize(
    ("names", "emails", "rows", "outcomes"),
    [
        pytest.param(
            ["Sam Smith"] * 20,
            ["sam@example.com"] * 20,
            1,
            {services.Outcome.CREATED: 1, services.Outcome.RESENT: 19},
            id="same-email-same-name",
        ),
        pytest.param(
            [f"Person {n}" for n in range(20)],
            ["sam@example.com"] * 20,
            2,
            {services.Outcome.CREATED: 2, services.Outcome.DUPLICATE: 18},
            id="same-email-household",
        ),
        pytest.param(
            ["Sam Smith"] * 20,
            list(itertools.islice(itertools.cycle(EMAIL_SPELLINGS), 20)),
            1,
            {services.Outcome.CREATED: 1, services.Outcome.RESENT: 19},
            id="same-inbox-spelt-differently",
        ),
    ],
)
def test_concurrent_duplicates_leave_exactly_the_allowed_rows(names, emails, rows, outcomes):
    """Twenty submissions at once: the constraints decide, and nobody sees an error."""
    petition = OpenPetitionFactory()
    results = []

    errors = in_threads(
        [
            lambda name=name, email=email: results.append(sign(petition.pk, name, email))
            for name, email in zip(names, emails, strict=True)
        ]
    )

    assert errors == []
    assert Signature.objects.filter(petition=petition).count() == rows
    assert collections.Counter(outcome for outcome, _signature in results) == outcomes
    assert all(signature is not None for _outcome, signature in results)


def test_reconciliation_while_counting_repairs_drift_and_adds_none():
    """A reconciler and a counter run through a storm of confirmations on a drifted count.

    Reconciliation compares only what the counter has committed, under the petition's row
    lock, so it must neither undo a batch in flight nor count one twice: after one last count
    the figures are exact, and a last reconciliation finds nothing left to repair.
    """
    petition = OpenPetitionFactory()
    cardiff = constituency()
    ValidatedSignatureFactory.create_batch(100, petition=petition, constituency=cardiff)
    assert count_signatures() == 100
    _total, seats, countries = pending_signatures(petition)
    expected = (300, {**seats, cardiff.code: 180}, {**countries, "GB-WLS": 280})
    Petition.objects.filter(pk=petition.pk).update(signature_count=7)
    ConstituencyCount.objects.filter(petition=petition).update(count=1)
    tokens = list(
        Signature.objects.filter(petition=petition, state=Signature.State.PENDING).values_list(
            "token", flat=True
        )
    )
    outcomes, counted, repaired = [], [], []

    errors = in_threads(
        [lambda hand=hand: confirm_by_service(hand, outcomes) for hand in deal(tokens)],
        background=[looping(count_signatures, counted), looping(reconcile_counts, repaired)],
    )

    assert errors == []
    assert outcomes == ["confirmed"] * 200
    assert repaired[0] == 1  # the drift was there to repair when the storm began
    counted.append(count_signatures())
    assert sum(counted) == 200
    assert stored_counts(petition) == expected
    assert reconcile_counts() == 0
    assert_all_counted(petition, expected)
