"""An outcome email for a debate whose term's members are not held: the email says the list is
not held, never that the signer's constituency had no members."""

import datetime

import pytest

from deiseb.core.models import OutboundEmail
from deiseb.notifications.models import PetitionUpdate
from deiseb.parliament.models import Debate, Vote
from tests import worlds
from tests.factories import DebateFactory, MotionFactory, TermFactory

pytestmark = pytest.mark.django_db

OUTCOME = PetitionUpdate.Kind.DEBATE_OUTCOME


@pytest.fixture
def seventh_debate(story) -> Debate:
    """The story's petition debated again in the Seventh Senedd, whose members are not held."""
    TermFactory(
        number=7,
        name_en="Seventh Senedd",
        name_cy="Seithfed Senedd",
        start_date=datetime.date(2026, 5, 7),
        end_date=None,
        members=96,
    )
    debate = DebateFactory(
        date=datetime.date(2026, 6, 10),
        title_en="Petition debate: an inquiry",
        title_cy="Dadl ar ddeiseb: ymchwiliad",
        kind=Debate.Kind.PETITION,
    )
    debate.petitions.add(story.petition)
    motion = MotionFactory(debate=debate, reference="NDM9100", mover=story.ann)
    worlds.division(motion, Vote.Question.MOTION, (50, 2, 40))
    return debate


def email_to(address: str) -> OutboundEmail:
    (email,) = OutboundEmail.objects.filter(to=address)
    return email


def test_the_outcome_says_the_member_list_is_not_held(seventh_debate, start, drain):
    start(seventh_debate, OUTCOME)
    drain()
    email = email_to("alice@example.com")
    for body in (email.body_text, email.body_html):
        assert "Motion NDM9100: Agreed (50 for, 2 abstaining, 40 against)" in body
        assert "How the members for Caerdydd Penarth voted" in body
        assert "is not held by the petitions site yet" in body
        assert "No members are recorded for this constituency" not in body
    assert "Ann Aelod" not in email.body_text  # of the Sixth Senedd: not invented into the Seventh


def test_the_welsh_email_says_it_too(seventh_debate, start, drain):
    start(seventh_debate, OUTCOME)
    drain()
    email = email_to("gwen@example.com")
    assert email.language == "cy" and "Annwyl Gwen Gymraeg," in email.body_text
    assert "No members are recorded for this constituency" not in email.body_text
    assert "Ann Aelod" not in email.body_text


def test_a_held_list_still_names_the_members(story, start, drain):
    start(story.debate, OUTCOME)
    drain()
    body = email_to("alice@example.com").body_text
    assert "* Ann Aelod, Welsh Labour (Member for Cardiff Central)" in body
    assert "is not held by the petitions site yet" not in body
