"""The record as CSV rows: one per vote, one per member's vote. Ids match the Popolo files."""

from deiseb.opendata.popolo import vote_event_id, vote_event_motion_id
from deiseb.parliament.models import MemberVote, Vote

VOTE_COLUMNS = [
    "vote_event_id",
    "debate_id",
    "debate_date",
    "debate_title_en",
    "debate_title_cy",
    "motion_reference",
    "motion_id",
    "binding",
    "position",
    "question",
    "amendment_number",
    "amendment_status",
    "result",
    "for",
    "abstain",
    "against",
    "casting_vote",
    "casting_voter_id",
    "members_recorded",
]
MEMBER_VOTE_COLUMNS = [
    "vote_event_id",
    "debate_id",
    "debate_date",
    "motion_reference",
    "question",
    "amendment_number",
    "voter_id",
    "senedd_id",
    "name_en",
    "name_cy",
    "group_id",
    "option",
]


def vote_row(vote: Vote) -> list:
    """Expects vote.motion.debate, vote.amendment and vote.casting_member selected.

    Numbers stay numbers and a missing one is None (an empty cell), so the writer leaves them be.
    """
    debate = vote.motion.debate
    return [
        vote_event_id(vote),
        f"debate-{debate.pk}",
        debate.date.isoformat(),
        debate.title_en,
        debate.title_cy,
        vote.motion.reference,
        vote_event_motion_id(vote),
        "true" if vote.motion.binding else "false",
        vote.position,
        vote.question,
        vote.amendment.number if vote.amendment_id else None,
        vote.amendment.status if vote.amendment_id else "",
        vote.result,
        vote.for_count,
        vote.abstain_count,
        vote.against_count,
        vote.casting_vote,
        vote.casting_member.slug if vote.casting_member_id else "",
        "true" if vote.members_recorded else "false",
    ]


def member_vote_row(member_vote: MemberVote) -> list:
    """Expects vote.motion.debate, vote.amendment, member and party selected."""
    vote = member_vote.vote
    return [
        vote_event_id(vote),
        f"debate-{vote.motion.debate_id}",
        vote.motion.debate.date.isoformat(),
        vote.motion.reference,
        vote.question,
        vote.amendment.number if vote.amendment_id else None,
        member_vote.member.slug,
        member_vote.member.senedd_id,
        member_vote.member.name_en,
        member_vote.member.name_cy or member_vote.member.name_en,
        member_vote.party.slug,
        member_vote.option,
    ]


def votes():
    return Vote.objects.select_related("motion__debate", "amendment", "casting_member").order_by(
        "motion__debate__date", "motion__debate_id", "motion_id", "position"
    )


def member_votes():
    """Only votes whose member list is recorded: any other row would be a guess."""
    return (
        MemberVote.objects.filter(vote__members_recorded=True)
        .select_related("vote__motion__debate", "vote__amendment", "member", "party")
        .order_by(
            "vote__motion__debate__date",
            "vote__motion__debate_id",
            "vote__motion_id",
            "vote__position",
            "member__slug",
        )
    )
