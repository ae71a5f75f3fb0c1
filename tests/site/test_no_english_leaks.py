"""No English interface text on a Welsh page: every public page type, rendered in Welsh, is
checked against every English message in the catalogue whose Welsh differs."""

import html
import re

import pytest
from django.utils import timezone

from deiseb.petitions.models import Petition
from tests.core.test_welsh import _messages
from tests.factories import ClosedPetitionFactory, OpenPetitionFactory
from tests.helpers import localised
from tests.parliament import scenario

INFORMATION_PAGES = [
    "pages:help",
    "pages:standards",
    "pages:privacy",
    "pages:accessibility",
    "pages:cookies",
    "pages:data",
]

pytestmark = pytest.mark.django_db

TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def english_phrases() -> set[str]:
    """Whole English messages of three words or more, without placeholders or markup."""
    phrases = set()
    for entry in _messages():
        msgid = entry["msgid"]
        if "%" in msgid or "<" in msgid or "{" in msgid or "/" in msgid:
            continue
        if len(msgid.split()) >= 3 and msgid not in entry["msgstr"]:
            phrases.add(msgid)
    return phrases


def visible_text(page: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", page)).split())


def public_pages():
    record = scenario.build()
    seat = record.new
    open_petition = OpenPetitionFactory(signature_count=30)
    closed = ClosedPetitionFactory(referred_at=timezone.now())
    pages = [
        ("home",),
        ("petitions:check", "q=bysiau"),
        ("signatures:local",),
        ("signatures:constituency", seat.code),
        ("petitions:detail", open_petition.pk),
        ("petitions:detail", closed.pk),
        ("signatures:sign", open_petition.pk),
        ("petitions:new",),
    ]
    pages += [("petitions:list", f"state={tab}") for tab in Petition.LISTS]
    pages += [("petitions:list", "q=dim+byd+yn+cyfateb")]
    pages += [
        ("petitions:detail", record.petition.pk),
        ("parliament:debates",),
        ("parliament:debate", record.story.pk),
        ("parliament:debate", record.tied.pk),
        ("parliament:debate", record.scheduled.pk),
        ("parliament:my_members", record.story.pk),
        ("parliament:my_members_result", record.story.pk, record.old.code),
        ("parliament:members",),
        ("parliament:member", record.ceri.slug),
        ("parliament:member", record.elin.slug),
    ]
    pages += [(name,) for name in INFORMATION_PAGES]
    return pages


def test_welsh_pages_carry_no_english_interface_text(client):
    phrases = english_phrases()
    assert len(phrases) > 100  # the check really has something to look for
    for name, *rest in public_pages():
        query = rest.pop() if rest and isinstance(rest[-1], str) and "=" in rest[-1] else ""
        path = localised("cy", name, *rest, query=query)
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.content.decode())
        leaks = sorted(phrase for phrase in phrases if phrase in text)
        assert leaks == [], path
