"""Atom feeds: valid Atom in each language, published petitions only, the right constituency."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from deiseb.parliament import services as record
from deiseb.parliament.models import GovernmentResponse, Vote
from deiseb.signatures.counting import count_signatures
from tests import worlds
from tests.factories import (
    AwaitingDebatePetitionFactory,
    ClosedPetitionFactory,
    DebateFactory,
    HiddenPetitionFactory,
    MemberFactory,
    MotionFactory,
    OpenPetitionFactory,
    PendingPetitionFactory,
    RejectedPetitionFactory,
    ValidatedSignatureFactory,
    clerk,
    constituency,
)
from tests.helpers import localised

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, lang, name, *args):
    """The feed parsed, after checking what RFC 4287 requires of it and of every entry."""
    response = client.get(localised(lang, f"syndication:{name}", *args))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for element in (root, *root.iter(f"{ATOM}entry")):
        for required in ("id", "title", "updated"):
            assert element.find(f"{ATOM}{required}").text, (element.tag, required)
        link = element.find(f"{ATOM}link[@rel='alternate']")
        assert link.get("href").startswith("http://testserver/")
    assert root.find(f"{ATOM}author/{ATOM}name").text
    return root


def entries(root) -> dict[str, ET.Element]:
    return {entry.find(f"{ATOM}title").text: entry for entry in root.iter(f"{ATOM}entry")}


def test_new_petitions_are_newest_first_in_the_feeds_language(client):
    now = timezone.now()
    older = OpenPetitionFactory(opened_at=now - datetime.timedelta(days=3))
    newer = OpenPetitionFactory(opened_at=now - datetime.timedelta(days=1))

    english = feed(client, "en", "new_feed")
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert list(entries(english)) == [newer.action_en, older.action_en]
    entry = entries(english)[newer.action_en]
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/en/petitions/{newer.pk}/"
    assert newer.background_en in entry.find(f"{ATOM}summary").text

    welsh = feed(client, "cy", "new_feed")
    assert list(entries(welsh)) == [newer.action_cy, older.action_cy]
    assert welsh.get("{http://www.w3.org/XML/1998/namespace}lang") == "cy"
    with translation.override("cy"):
        assert welsh.find(f"{ATOM}title").text == gettext("New petitions")
    href = entries(welsh)[newer.action_cy].find(f"{ATOM}link").get("href")
    assert href == f"http://testserver/cy/deisebau/{newer.pk}/"


def test_entry_ids_are_stable_and_unique(client):
    petitions = OpenPetitionFactory.create_batch(2)
    first = [e.find(f"{ATOM}id").text for e in feed(client, "en", "new_feed").iter(f"{ATOM}entry")]
    petitions[0].signature_count = 10
    petitions[0].save()
    again = [e.find(f"{ATOM}id").text for e in feed(client, "en", "new_feed").iter(f"{ATOM}entry")]
    assert first == again and len(set(first)) == 2
    assert all(entry_id.startswith("tag:testserver,2026:en/") for entry_id in first)


def test_the_entry_is_dated_when_the_petition_opened(client):
    opened = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    OpenPetitionFactory(opened_at=opened)
    entry = next(feed(client, "en", "new_feed").iter(f"{ATOM}entry"))
    assert datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text) == opened


def test_unpublished_and_rejected_petitions_are_in_no_feed(client):
    shown = OpenPetitionFactory()
    hidden = [
        PendingPetitionFactory(),
        RejectedPetitionFactory(),
        HiddenPetitionFactory(),
        HiddenPetitionFactory(opened_at=timezone.now()),  # hidden after it was open
        OpenPetitionFactory(action_cy="", background_cy=""),  # only in English
    ]
    cardiff = constituency()
    for petition in [shown, *hidden]:
        ValidatedSignatureFactory(petition=petition, constituency=cardiff)
    count_signatures()
    # A response recorded before the petition was hidden stays out with it.
    GovernmentResponse.objects.create(
        petition=hidden[3],
        responded_on=datetime.date(2026, 3, 2),
        member=MemberFactory(),
        summary_en="We will look at it.",
        summary_cy="Byddwn yn edrych arni.",
        text_en="…",
        text_cy="…",
    )
    text = "".join(
        client.get(localised("en", f"syndication:{name}", *args)).content.decode()
        for name, *args in (
            ("new_feed",),
            ("responses_feed",),
            ("debates_feed",),
            ("constituency_feed", cardiff.code),
        )
    )
    assert shown.action_en in text
    for petition in hidden:
        assert petition.action_en not in text


def test_petition_text_is_escaped_in_the_summary(client):
    OpenPetitionFactory(background_en="Buses <script>alert(1)</script> & trains")
    summary = next(feed(client, "en", "new_feed").iter(f"{ATOM}entry")).find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<script>" not in summary.text and "&lt;script&gt;" in summary.text


def test_responses_feed_has_each_response_in_the_feeds_language(client):
    petition = ClosedPetitionFactory()
    minister = MemberFactory(name_en="Jane Hutt", name_cy="Jane Hutt")
    response, _ = record.record_response(
        GovernmentResponse(
            petition=petition,
            responded_on=datetime.date(2026, 3, 2),
            member=minister,
            summary_en="We will review school transport.",
            summary_cy="Byddwn yn adolygu cludiant i'r ysgol.",
            text_en="The full response.",
            text_cy="Yr ymateb llawn.",
        ),
        by=clerk(),
    )

    english = entries(feed(client, "en", "responses_feed"))
    (title,) = english
    assert petition.action_en in title
    entry = english[title]
    assert "Jane Hutt: We will review school transport." in entry.find(f"{ATOM}summary").text
    assert entry.find(f"{ATOM}id").text.endswith(f"en/response/{response.pk}")
    assert entry.find(f"{ATOM}updated").text.startswith("2026-03-02T00:00:00")

    (welsh,) = entries(feed(client, "cy", "responses_feed")).values()
    assert petition.action_cy in welsh.find(f"{ATOM}title").text
    assert "Byddwn yn adolygu" in welsh.find(f"{ATOM}summary").text


def test_debates_feed_has_debated_petitions_with_the_outcome(client):
    debated = AwaitingDebatePetitionFactory()
    awaiting = AwaitingDebatePetitionFactory()
    debate = DebateFactory(date=datetime.date(2026, 2, 11), title_en="Petition debate: buses")
    motion = MotionFactory(debate=debate, reference="NDM9100")
    worlds.without_objection(motion, Vote.Question.MOTION)
    worlds.debated(debate, debated)

    found = entries(feed(client, "en", "debates_feed"))
    assert list(found) == [debated.action_en]
    summary = found[debated.action_en].find(f"{ATOM}summary").text
    assert "Petition debate: buses" in summary
    assert "Motion NDM9100: Agreed without objection" in summary
    assert awaiting.action_en not in found


def test_constituency_feed_has_the_open_petitions_most_signed_there(client):
    cardiff = constituency()
    swansea = constituency(code="W09000058", name="Gwyr Abertawe", postcodes=("SA11AA",))
    most, fewer, elsewhere = OpenPetitionFactory.create_batch(3)
    closed = ClosedPetitionFactory()
    ValidatedSignatureFactory.create_batch(3, petition=most, constituency=cardiff)
    ValidatedSignatureFactory(petition=fewer, constituency=cardiff)
    ValidatedSignatureFactory.create_batch(5, petition=elsewhere, constituency=swansea)
    ValidatedSignatureFactory(petition=closed, constituency=cardiff)
    count_signatures()

    root = feed(client, "en", "constituency_feed", cardiff.code)
    assert "Caerdydd Penarth" in root.find(f"{ATOM}title").text
    assert list(entries(root)) == [most.action_en, fewer.action_en]
    assert (
        root.find(f"{ATOM}link[@rel='alternate']")
        .get("href")
        .endswith(f"/en/petitions/in-your-area/{cardiff.code}/")
    )
    assert list(entries(feed(client, "en", "constituency_feed", swansea.code))) == [
        elsewhere.action_en
    ]


@pytest.mark.parametrize("code", ["W09999999", "nonsense", "x" * 500, "%00"])
def test_an_unknown_constituency_is_404(client, code):
    for lang in ("en", "cy"):
        path = localised(lang, "syndication:constituency_feed", "W09000053").replace(
            "W09000053", code
        )
        assert client.get(path).status_code in (400, 404), path


def test_feeds_are_briefly_cacheable_and_read_only(client):
    response = client.get(localised("en", "syndication:new_feed"))
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert client.post(localised("en", "syndication:new_feed")).status_code == 405


def test_pages_link_their_feeds(client):
    cardiff = constituency()
    listing = client.get(localised("en", "petitions:list")).content.decode()
    assert 'type="application/atom+xml"' in listing
    assert localised("en", "syndication:new_feed") in listing
    page = client.get(localised("cy", "signatures:constituency", cardiff.code)).content.decode()
    assert localised("cy", "syndication:constituency_feed", cardiff.code) in page


def test_each_feed_costs_the_same_queries_however_many_entries(
    client, django_assert_max_num_queries
):
    cardiff = constituency()
    minister = MemberFactory()
    petitions = AwaitingDebatePetitionFactory.create_batch(3)
    debate = DebateFactory(date=datetime.date(2026, 2, 11))
    worlds.without_objection(MotionFactory(debate=debate), Vote.Question.MOTION)
    worlds.debated(debate, *petitions)
    for petition in petitions:
        GovernmentResponse.objects.create(
            petition=petition,
            responded_on=datetime.date(2026, 3, 2),
            member=minister,
            summary_en="We will review it.",
            summary_cy="Byddwn yn ei adolygu.",
            text_en="…",
            text_cy="…",
        )
    opened = OpenPetitionFactory.create_batch(3)
    for petition in opened:
        ValidatedSignatureFactory(petition=petition, constituency=cardiff)
    count_signatures()
    # One query for the list; the responses add the ministers' roles, the debates their
    # debates, motions and votes, the constituency feed the constituency: none per entry.
    for queries, name, *args in (
        (1, "new_feed"),
        (2, "responses_feed"),
        (4, "debates_feed"),
        (2, "constituency_feed", cardiff.code),
    ):
        with django_assert_max_num_queries(queries):
            feed(client, "en", name, *args)
