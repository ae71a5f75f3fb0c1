"""The database itself refuses rows that cannot be true, whoever writes them."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from deiseb.parliament.models import MemberVote, Vote
from tests.factories import (
    AmendmentFactory,
    ConstituencyFactory,
    DebateFactory,
    MemberFactory,
    MotionFactory,
    PartyFactory,
    RegionFactory,
    SeatFactory,
    TermFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


def refused(factory, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"result": "agreed", "for_count": 13, "abstain_count": 0, "against_count": 34},
        {"result": "not_agreed", "for_count": 34, "abstain_count": 0, "against_count": 13},
        {"result": "agreed", "for_count": 20, "abstain_count": 0, "against_count": 20},
        {"result": "agreed", "for_count": 20, "abstain_count": None, "against_count": 1},
        {"result": "without_objection", "for_count": 1, "abstain_count": 0, "against_count": 0},
        {"result": "passed", "for_count": 30, "abstain_count": 0, "against_count": 20},
    ],
    ids=[
        "agreed-but-fewer-for",
        "not-agreed-but-more-for",
        "tie-no-casting",
        "missing-count",
        "without-objection-with-counts",
        "unknown-result",
    ],  # fmt: skip
)
def test_a_result_that_does_not_follow_the_counts_is_refused(fields):
    refused(VoteFactory, **fields)


def test_a_casting_vote_needs_a_tie_and_a_member():
    motion = MotionFactory()
    refused(VoteFactory, motion=motion, for_count=20, against_count=20, casting_vote="for")
    presiding = MemberFactory()
    refused(
        VoteFactory,
        motion=motion,
        for_count=21,
        against_count=20,
        casting_vote="for",
        casting_member=presiding,
    )
    tie = VoteFactory(
        motion=motion,
        for_count=20,
        against_count=20,
        casting_vote="against",
        casting_member=presiding,
        result="not_agreed",
    )
    assert not tie.is_agreed


def test_a_member_votes_once_and_only_for_against_or_abstain():
    vote = VoteFactory()
    member, party = MemberFactory(), PartyFactory()
    MemberVote.objects.create(vote=vote, member=member, party=party, option="for")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberVote.objects.create(vote=vote, member=member, party=party, option="against")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberVote.objects.create(vote=vote, member=MemberFactory(), party=party, option="maybe")


def test_a_vote_on_an_amendment_names_it_and_no_other_does():
    motion = MotionFactory()
    refused(VoteFactory, motion=motion, question=Vote.Question.AMENDMENT)
    amendment = AmendmentFactory(motion=motion)
    refused(VoteFactory, motion=motion, question=Vote.Question.MOTION, amendment=amendment)
    VoteFactory(motion=motion, question=Vote.Question.AMENDMENT, amendment=amendment)
    refused(
        VoteFactory,
        motion=motion,
        position=2,
        question=Vote.Question.AMENDMENT,
        amendment=amendment,
    )


def test_each_form_of_the_motion_is_put_once_and_positions_are_unique():
    motion = MotionFactory()
    VoteFactory(motion=motion, question=Vote.Question.MOTION_WITHOUT_AMENDMENT, position=1,
                for_count=13, against_count=34, result="not_agreed")  # fmt: skip
    refused(VoteFactory, motion=motion, question=Vote.Question.MOTION_WITHOUT_AMENDMENT, position=2)
    refused(VoteFactory, motion=motion, question=Vote.Question.MOTION_AS_AMENDED, position=1)
    refused(VoteFactory, motion=motion, question=Vote.Question.MOTION_AS_AMENDED, position=0)
    refused(VoteFactory, motion=motion, question="the_motion_again", position=3)


def test_amendments_are_numbered_from_one_once_each_with_a_known_status():
    motion = MotionFactory()
    AmendmentFactory(motion=motion, number=1)
    refused(AmendmentFactory, motion=motion, number=1)
    refused(AmendmentFactory, motion=motion, number=0)
    refused(AmendmentFactory, motion=motion, number=2, status="lost")


def test_a_seat_is_a_constituency_or_a_region_and_ends_after_it_starts():
    refused(SeatFactory, region=RegionFactory())
    refused(SeatFactory, constituency=None)
    refused(SeatFactory, end_date=datetime.date(2020, 1, 1))
    SeatFactory(constituency=None, region=RegionFactory())
    SeatFactory(constituency=ConstituencyFactory())


def test_terms_have_members_and_debates_a_known_kind():
    refused(TermFactory, number=8, members=0)
    refused(DebateFactory, kind="filibuster")
