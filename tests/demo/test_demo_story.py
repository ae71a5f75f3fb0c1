"""The reference story as the full demo tells it, with postcodes placing its signers: one load.

These tests only read what the demo built, so the module loads it once (every signature, on the
two seats in force and one from the old boundaries), inside a transaction rolled back when the
module ends; each test runs in a savepoint of its own within it.
"""

import datetime
import html
import re
import time

import pytest
from django.db.models import Sum
from django.utils import timezone, translation

from deiseb.demo import content
from deiseb.geography.models import Constituency, Country
from deiseb.parliament.queries import petition_timeline
from deiseb.petitions.models import Petition
from deiseb.signatures.models import ConstituencyCount, CountryCount, Signature
from tests.demo.test_demo import for_the_module, load, make_postcodes, story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("story_load")]
State = Petition.State
DebateState = Petition.DebateState


@pytest.fixture(scope="module")
def story_load(django_db_setup, django_db_blocker):
    """The whole demo on the postcode table's seats, loaded once: what it printed, and how long
    it took."""
    with for_the_module(django_db_blocker):
        make_postcodes()
        started = time.monotonic()
        output = load()
        yield output, time.monotonic() - started


def test_the_reference_story_reads_the_same_in_both_languages(client):
    petition = story()
    assert (petition.state, petition.debate_state) == (State.CLOSED, DebateState.DEBATED)
    assert petition.signature_count == 1453 == petition.signatures.validated().count()

    with translation.override("en"):
        english = petition_timeline(petition)
    with translation.override("cy"):
        welsh = petition_timeline(petition)
    assert [event.date for event in english] == [event.date for event in welsh]
    reached = timezone.localdate(petition.referral_threshold_reached_at)
    assert datetime.date(2024, 6, 12) < reached < datetime.date(2024, 9, 10)
    assert [event.date for event in english] == [
        datetime.date(2024, 6, 12),  # opened
        reached,  # 250 signatures
        datetime.date(2024, 9, 10),  # closed
        datetime.date(2024, 9, 12),  # referred, once a day has passed for late confirmations
        datetime.date(2024, 10, 7),  # the Committee, first
        datetime.date(2025, 1, 27),  # the Committee awaits the debate
        datetime.date(2025, 2, 12),  # the debate
        datetime.date(2025, 3, 5),  # the response
        datetime.date(2025, 3, 24),  # the Committee, again
    ]

    pages = {
        "en": client.get(f"/en/petitions/{petition.pk}/").content.decode(),
        "cy": client.get(f"/cy/deisebau/{petition.pk}/").content.decode(),
    }
    words = {
        "en": [
            "Referred to the Petitions Committee",
            content.DEBATE_TITLE_EN,
            content.RESPONSE_SUMMARY_EN,
            *(fact.text_en for fact in content.COMMITTEE),
        ],
        "cy": [
            "Cyfeiriwyd at y Pwyllgor Deisebau",
            content.DEBATE_TITLE_CY,
            content.RESPONSE_SUMMARY_CY,
            *(fact.text_cy for fact in content.COMMITTEE),
        ],
    }
    for language, page in pages.items():
        for text in words[language]:
            assert html.escape(text, quote=True) in page, (language, text)
        assert "NDM8812" in page
        assert re.search(r"\b13\D{1,40}\b0\D{1,40}\b34\b", page), language  # the defeated motion
        assert re.search(r"\b47\D{1,40}\b0\D{1,40}\b0\b", page), language  # the amendment
    assert "Cynnal ymchwiliad annibynnol ledled Cymru" in pages["cy"]
    assert "Demo Creator" not in pages["en"]  # closed: the creator is no longer named


def test_the_counter_stamped_the_story_s_threshold_when_it_was_crossed():
    petition = story()
    twofiftieth = petition.signatures.validated().order_by("validated_at", "pk")[249]
    assert petition.referral_threshold_reached_at == twofiftieth.validated_at
    assert petition.debate_threshold_reached_at is None
    assert not petition.signatures.filter(validated_at__gt=petition.closed_at).exists()
    by_country = CountryCount.objects.filter(petition=petition).aggregate(n=Sum("count"))["n"]
    assert by_country == petition.signature_count
    wales = CountryCount.objects.get(petition=petition, country=Country.WALES).count
    assert 0.8 < wales / petition.signature_count < 0.9


def test_the_load_takes_seconds(capsys, story_load):
    output, elapsed = story_load
    with capsys.disabled():
        print(f"\n{output.splitlines()[0]}")
    assert elapsed < 30


def test_counts_match_confirmed_signatures_everywhere():
    for petition in Petition.objects.all():
        confirmed = petition.signatures.validated()
        assert petition.signature_count == confirmed.count(), petition
        countries = dict(
            CountryCount.objects.filter(petition=petition).values_list("country", "count")
        )
        assert sum(countries.values()) == petition.signature_count
        seats = ConstituencyCount.objects.filter(petition=petition).aggregate(n=Sum("count"))
        assert (seats["n"] or 0) == confirmed.exclude(constituency=None).count()
        reached = petition.signature_count >= petition.referral_threshold
        assert (petition.referral_threshold_reached_at is not None) == reached, petition
    # Each signer is placed on the boundaries in force the day they signed, as the form does.
    signers = Signature.objects.filter(kind=Signature.Kind.SIGNER).exclude(constituency=None)
    placed = list(signers.values_list("validated_at", "constituency"))
    in_force = {}
    for day in {timezone.localdate(at) for at, _ in placed}:
        in_force[day] = set(Constituency.objects.in_force(day).values_list("code", flat=True))
    assert len({frozenset(codes) for codes in in_force.values()}) == 2  # both sets are used
    assert all(code in in_force[timezone.localdate(at)] for at, code in placed)
