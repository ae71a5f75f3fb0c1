"""The record's rules, through the services that are the only writers: each refusal says why,
and a refused write leaves nothing behind."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from deiseb.parliament import services
from deiseb.parliament.models import Amendment, MemberVote, Vote
from deiseb.petitions.models import Petition
from tests.factories import (
    AmendmentFactory,
    AwaitingDebatePetitionFactory,
    DebateFactory,
    MemberFactory,
    MotionFactory,
    NotDebatedPetitionFactory,
    RoleFactory,
    ScheduledDebatePetitionFactory,
    SeatFactory,
)
from tests.parliament.chamber import DEBATE_DATE, chamber

pytestmark = pytest.mark.django_db
Q = Vote.Question
Option = Vote.Option
Status = Amendment.Status
DebateState = Petition.DebateState


@pytest.fixture
def senedd():
    return chamber()


def division(motion, question, position, counts=(None, None, None), amendment=None, **fields):
    for_count, abstain_count, against_count = counts
    return Vote(
        motion=motion,
        question=question,
        position=position,
        amendment=amendment,
        for_count=for_count,
        abstain_count=abstain_count,
        against_count=against_count,
        **fields,
    )


def refused(vote, member_votes=None, match=""):
    with pytest.raises(ValidationError) as caught:
        services.record_division(vote, member_votes)
    messages = " ".join(caught.value.messages)
    assert match in messages
    return messages


def everyone(senedd, option_of):
    """Member votes for the whole chamber from {name: option}; the others are absent."""
    return {senedd[name]: option for name, option in option_of.items()}


# -- counts and results ----------------------------------------------------------------------


def test_the_result_follows_the_counts(senedd):
    vote = services.record_division(
        division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (13, 0, 34))
    )
    vote.refresh_from_db()
    assert vote.result == Vote.Result.NOT_AGREED
    assert (vote.for_count, vote.abstain_count, vote.against_count) == (13, 0, 34)
    assert vote.members_recorded is False


def test_a_result_that_disagrees_with_the_counts_is_refused(senedd):
    vote = division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (13, 0, 34), result="agreed")
    refused(vote, match="The counts give the result “Not agreed”, not “Agreed”.")
    assert not Vote.objects.exists()


def test_counts_are_required_and_cannot_be_negative(senedd):
    refused(division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (13, None, 34)), match="Enter")
    refused(division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (13, -1, 34)), match="negative")
    assert not Vote.objects.exists()


def test_more_votes_than_members_is_refused(senedd):
    messages = refused(division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (31, 0, 30)))
    assert "61 members voted, but the Senedd had 60 members on 12 February 2025." in messages


def test_a_vote_outside_any_term_is_refused(senedd):
    motion = MotionFactory(debate__date=datetime.date(2019, 3, 6))
    refused(division(motion, Q.MOTION, 1, (2, 0, 1)), match="No Senedd term is recorded")


def test_a_vote_in_a_debate_not_yet_held_is_refused(senedd):
    motion = MotionFactory(debate__date=timezone.localdate() + datetime.timedelta(days=3))
    refused(division(motion, Q.MOTION, 1, (2, 0, 1)), match="once it has been held")


# -- casting votes -----------------------------------------------------------------------------


def test_a_tie_needs_the_presiding_officers_casting_vote(senedd):
    refused(
        division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (20, 0, 20)),
        match="record the Presiding Officer's casting vote",
    )
    vote = services.record_division(
        division(
            senedd.motion,
            Q.MOTION_WITHOUT_AMENDMENT,
            1,
            (20, 0, 20),
            casting_vote=Option.AGAINST,
            casting_member=senedd.llywydd,
        )
    )
    assert vote.result == Vote.Result.NOT_AGREED
    assert Vote.objects.get().casting_member == senedd.llywydd


def test_a_casting_vote_from_anyone_else_is_refused(senedd):
    messages = refused(
        division(
            senedd.motion,
            Q.MOTION_WITHOUT_AMENDMENT,
            1,
            (20, 0, 20),
            casting_vote=Option.FOR,
            casting_member=senedd["ann"],
        )
    )
    assert "Ann was not the Presiding Officer or a Deputy Presiding Officer" in messages


def test_a_deputy_presiding_officer_may_give_a_casting_vote(senedd):
    RoleFactory(
        member=senedd["bob"],
        title_en="Deputy Presiding Officer",
        title_cy="Dirprwy Lywydd",
        start_date=senedd.term.start_date,
    )
    vote = services.record_division(
        division(
            senedd.motion,
            Q.MOTION_WITHOUT_AMENDMENT,
            1,
            (20, 0, 20),
            casting_vote=Option.FOR,
            casting_member=senedd["bob"],
        )
    )
    assert vote.result == Vote.Result.AGREED


def test_a_casting_vote_without_a_tie_is_refused(senedd):
    refused(
        division(
            senedd.motion,
            Q.MOTION_WITHOUT_AMENDMENT,
            1,
            (21, 0, 20),
            casting_vote=Option.FOR,
            casting_member=senedd.llywydd,
        ),
        match="only when the vote is tied",
    )


# -- member votes ------------------------------------------------------------------------------

ROLL_CALL = {"ann": Option.FOR, "bob": Option.FOR, "cai": Option.ABSTAIN, "dee": Option.AGAINST}


def test_member_votes_are_saved_with_the_party_of_the_day(senedd):
    vote = services.record_division(
        division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (2, 1, 1), result="agreed"),
        everyone(senedd, ROLL_CALL),
    )
    rows = {mv.member.slug: (mv.option, mv.party.slug) for mv in vote.member_votes.all()}
    assert rows == {
        "ann": ("for", "red"),
        "bob": ("for", "red"),
        "cai": ("abstain", "red"),
        "dee": ("against", "blue"),
    }
    assert Vote.objects.get().members_recorded is True


def test_blank_counts_are_taken_from_the_member_votes(senedd):
    vote = services.record_division(
        division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1), everyone(senedd, ROLL_CALL)
    )
    assert (vote.for_count, vote.abstain_count, vote.against_count, vote.result) == (
        2,
        1,
        1,
        "agreed",
    )


def test_member_votes_that_disagree_with_the_counts_save_nothing(senedd):
    messages = refused(
        division(senedd.motion, Q.AMENDMENT, 2, (3, 1, 1), amendment=senedd.amendment_1),
        everyone(senedd, ROLL_CALL),
    )
    assert "For: the count is 3 but 2 members are listed." in messages
    assert not Vote.objects.exists()
    assert not MemberVote.objects.exists()
    senedd.amendment_1.refresh_from_db()
    assert senedd.amendment_1.status == Status.PENDING


def test_a_member_voting_twice_is_refused(senedd):
    pairs = [(senedd["ann"], Option.FOR), (senedd["ann"], Option.AGAINST)]
    refused(
        division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (1, 0, 1)),
        pairs,
        match="Ann is listed more than once.",
    )
    assert not MemberVote.objects.exists()


def test_a_vote_by_someone_without_a_seat_that_day_is_refused(senedd):
    retired = SeatFactory(
        term=senedd.term,
        party=senedd.red,
        end_date=datetime.date(2024, 12, 31),
        member__name_en="Gwyn",
    ).member
    stranger = MemberFactory(name_en="Huw")
    messages = refused(
        division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (1, 0, 2)),
        {senedd["ann"]: Option.FOR, retired: Option.AGAINST, stranger: Option.AGAINST},
    )
    assert "Gwyn was not a member of the Senedd on 12 February 2025." in messages
    assert "Huw was not a member of the Senedd on 12 February 2025." in messages
    assert not Vote.objects.exists()


def test_recording_again_replaces_the_member_votes(senedd):
    vote = services.record_division(
        division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1), everyone(senedd, ROLL_CALL)
    )
    vote.for_count = vote.abstain_count = vote.against_count = None
    vote.result = ""
    services.record_division(
        vote, everyone(senedd, {"eve": Option.AGAINST, "dee": Option.AGAINST, "ann": Option.FOR})
    )
    assert set(vote.member_votes.values_list("member__slug", "option")) == {
        ("eve", "against"),
        ("dee", "against"),
        ("ann", "for"),
    }
    vote.refresh_from_db()
    assert (vote.for_count, vote.abstain_count, vote.against_count) == (1, 0, 2)
    assert vote.result == Vote.Result.NOT_AGREED


def test_a_failed_re_recording_keeps_the_earlier_member_votes(senedd):
    vote = services.record_division(
        division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1), everyone(senedd, ROLL_CALL)
    )
    vote.for_count = vote.abstain_count = vote.against_count = None
    vote.result = ""
    with pytest.raises(ValidationError, match="tied"):
        services.record_division(vote, {senedd["eve"]: Option.AGAINST, senedd["ann"]: Option.FOR})
    assert set(Vote.objects.get().member_votes.values_list("member__slug", flat=True)) == set(
        ROLL_CALL
    )


# -- the voting order --------------------------------------------------------------------------


def test_the_reference_order_is_accepted_and_amendments_take_their_result(senedd):
    services.record_division(division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (13, 0, 34)))
    services.record_division(
        division(senedd.motion, Q.AMENDMENT, 2, (47, 0, 0), amendment=senedd.amendment_1)
    )
    services.set_amendment_status(senedd.amendment_2, Status.DESELECTED)
    services.record_division(division(senedd.motion, Q.MOTION_AS_AMENDED, 3, (40, 0, 7)))
    senedd.amendment_1.refresh_from_db()
    assert senedd.amendment_1.status == Status.AGREED
    assert list(senedd.motion.votes.values_list("question", "result")) == [
        ("motion_without_amendment", "not_agreed"),
        ("amendment", "agreed"),
        ("motion_as_amended", "agreed"),
    ]


def test_the_motion_without_amendment_comes_first(senedd):
    services.record_division(
        division(senedd.motion, Q.AMENDMENT, 1, (30, 0, 3), amendment=senedd.amendment_1)
    )
    refused(
        division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 2, (13, 0, 34)),
        match="The motion without amendment is put before the amendments.",
    )


def test_amendments_are_put_in_number_order(senedd):
    services.record_division(
        division(senedd.motion, Q.AMENDMENT, 2, (10, 0, 30), amendment=senedd.amendment_1)
    )
    refused(
        division(senedd.motion, Q.AMENDMENT, 1, (10, 0, 30), amendment=senedd.amendment_2),
        match="Amendments are put in number order.",
    )


def test_the_motion_as_amended_needs_an_agreed_amendment(senedd):
    services.record_division(division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (13, 0, 34)))
    services.record_division(
        division(senedd.motion, Q.AMENDMENT, 2, (10, 0, 30), amendment=senedd.amendment_1)
    )
    refused(
        division(senedd.motion, Q.MOTION_AS_AMENDED, 3, (30, 0, 10)),
        match="needs an amendment that was agreed",
    )


def test_the_motion_as_amended_comes_last(senedd):
    services.record_division(
        division(senedd.motion, Q.AMENDMENT, 2, (30, 0, 10), amendment=senedd.amendment_1)
    )
    services.record_division(division(senedd.motion, Q.MOTION_AS_AMENDED, 3, (30, 0, 10)))
    refused(
        division(senedd.motion, Q.AMENDMENT, 4, (10, 0, 30), amendment=senedd.amendment_2),
        match="The motion as amended is put last",
    )


def test_once_the_motion_without_amendment_is_agreed_nothing_more_is_put(senedd):
    services.record_division(division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (34, 0, 13)))
    refused(
        division(senedd.motion, Q.AMENDMENT, 2, (30, 0, 10), amendment=senedd.amendment_1),
        match="the amendments fell",
    )


def test_each_question_is_put_once(senedd):
    services.record_division(division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (13, 0, 34)))
    refused(
        division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 2, (13, 0, 34)),
        match="has already been put on this motion",
    )
    refused(
        division(senedd.motion, Q.AMENDMENT, 1, (30, 0, 3), amendment=senedd.amendment_1),
        match="already at position 1",
    )
    services.record_division(
        division(senedd.motion, Q.AMENDMENT, 2, (30, 0, 3), amendment=senedd.amendment_1)
    )
    refused(
        division(senedd.motion, Q.AMENDMENT, 3, (30, 0, 3), amendment=senedd.amendment_1),
        match="Amendment 1 already has a vote.",
    )


def test_the_motion_alone_only_when_no_amendment_is_put(senedd):
    refused(division(senedd.motion, Q.MOTION, 1, (30, 0, 3)), match="This motion has amendments")
    services.set_amendment_status(senedd.amendment_1, Status.WITHDRAWN)
    services.set_amendment_status(senedd.amendment_2, Status.WITHDRAWN)
    assert services.record_division(division(senedd.motion, Q.MOTION, 1, (30, 0, 3))).is_agreed
    plain = MotionFactory(debate=senedd.motion.debate)
    refused(
        division(plain, Q.MOTION_WITHOUT_AMENDMENT, 1, (30, 0, 3)),
        match="This motion has no amendments",
    )


def test_a_deselected_or_withdrawn_amendment_has_no_vote(senedd):
    services.set_amendment_status(senedd.amendment_1, Status.DESELECTED)
    refused(
        division(senedd.motion, Q.AMENDMENT, 2, (30, 0, 3), amendment=senedd.amendment_1),
        match="Amendment 1 was deselected, so it was not put to a vote.",
    )


def test_an_amendment_to_another_motion_is_refused(senedd):
    other = AmendmentFactory(number=1, mover=senedd["ann"])
    refused(
        division(senedd.motion, Q.AMENDMENT, 2, (30, 0, 3), amendment=other),
        match="belongs to another motion",
    )


# -- amendments --------------------------------------------------------------------------------


def test_an_amendment_is_agreed_only_by_its_vote(senedd):
    with pytest.raises(ValidationError, match="record the vote instead"):
        services.set_amendment_status(senedd.amendment_1, Status.AGREED)
    services.record_division(
        division(senedd.motion, Q.AMENDMENT, 2, (3, 0, 30), amendment=senedd.amendment_1)
    )
    with pytest.raises(ValidationError, match="delete its vote first"):
        services.set_amendment_status(senedd.amendment_1, Status.WITHDRAWN)
    assert Amendment.objects.get(pk=senedd.amendment_1.pk).status == Status.NOT_AGREED


def test_deleting_a_vote_returns_its_amendment_to_pending(senedd):
    vote = services.record_division(
        division(senedd.motion, Q.AMENDMENT, 2, (30, 0, 3), amendment=senedd.amendment_1)
    )
    last = services.record_division(division(senedd.motion, Q.MOTION_AS_AMENDED, 3, (30, 0, 3)))
    with pytest.raises(ValidationError, match="needs an amendment that was agreed"):
        services.delete_vote(vote)
    services.delete_vote(last)
    services.delete_vote(vote)
    assert not Vote.objects.exists()
    assert Amendment.objects.get(pk=senedd.amendment_1.pk).status == Status.PENDING


# -- without objection -------------------------------------------------------------------------


def test_agreed_without_objection_has_no_counts_or_members(senedd):
    services.set_amendment_status(senedd.amendment_1, Status.WITHDRAWN)
    services.set_amendment_status(senedd.amendment_2, Status.WITHDRAWN)
    vote = services.record_without_objection(
        division(senedd.motion, Q.MOTION, 1, (30, 0, 3), casting_vote="for")
    )
    vote.refresh_from_db()
    assert vote.result == Vote.Result.WITHOUT_OBJECTION
    assert (vote.for_count, vote.casting_vote, vote.members_recorded) == (None, "", False)
    assert vote.is_agreed and not vote.is_division


def test_a_division_cannot_claim_to_be_without_objection(senedd):
    refused(
        division(
            senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (3, 0, 3), result="without_objection"
        ),
        match="not agreed without objection",
    )


# -- debates and petitions ---------------------------------------------------------------------


def test_scheduling_a_debate_moves_its_petitions_once():
    debate = DebateFactory(date=timezone.localdate() + datetime.timedelta(days=8))
    waiting = AwaitingDebatePetitionFactory()
    refused_earlier = NotDebatedPetitionFactory()
    debate.petitions.add(waiting, refused_earlier)
    assert services.schedule_debate(debate) == [waiting.pk]
    assert services.schedule_debate(debate) == []
    waiting.refresh_from_db()
    refused_earlier.refresh_from_db()
    assert waiting.debate_state == DebateState.SCHEDULED
    assert refused_earlier.debate_state == DebateState.NOT_DEBATED


def test_the_outcome_moves_its_petitions_to_debated_once(senedd):
    petition = ScheduledDebatePetitionFactory()
    debate = senedd.motion.debate
    debate.petitions.add(petition)
    services.record_division(division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (13, 0, 34)))
    assert services.record_debate_outcome(debate) == [petition.pk]
    assert services.record_debate_outcome(debate) == []
    petition.refresh_from_db()
    assert petition.debate_state == DebateState.DEBATED


def test_dates_decide_between_scheduling_and_the_outcome():
    past = DebateFactory(date=DEBATE_DATE)
    future = DebateFactory(date=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="record its outcome instead"):
        services.schedule_debate(past)
    with pytest.raises(ValidationError, match="once it has been held"):
        services.record_debate_outcome(future)


def test_a_write_that_races_past_the_checks_is_refused_in_words(senedd, monkeypatch):
    """Another clerk's write can land between the check and the insert only without the lock;
    if it ever does, the database refuses and the clerk sees a sentence, not a server error."""
    services.record_division(division(senedd.motion, Q.MOTION_WITHOUT_AMENDMENT, 1, (13, 0, 34)))
    monkeypatch.setattr(services, "check_vote", lambda vote, member_votes=None: None)
    with pytest.raises(ValidationError, match="saved at the same time"):
        services.record_division(
            division(senedd.motion, Q.AMENDMENT, 1, (47, 0, 0), amendment=senedd.amendment_1),
            everyone(senedd, {"ann": Option.FOR}),
        )
    assert Vote.objects.count() == 1
    assert not MemberVote.objects.exists()
    assert Amendment.objects.get(pk=senedd.amendment_1.pk).status == Status.PENDING
