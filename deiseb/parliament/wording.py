"""The record put into words, the same on the debate page, the petition timeline and in emails.

Each sentence is a whole msgid, so Welsh can order it naturally rather than gluing fragments.
"""

from django.utils.translation import gettext

from deiseb.parliament.models import Vote


def question_label(vote: Vote) -> str:
    """What was put to the Senedd, e.g. "Motion NDM8812 without amendment" or "Amendment 1"."""
    reference = vote.motion.reference
    if vote.question == Vote.Question.AMENDMENT:
        return gettext("Amendment %(number)s") % {"number": vote.amendment.number}
    if vote.question == Vote.Question.MOTION_WITHOUT_AMENDMENT:
        return gettext("Motion %(reference)s without amendment") % {"reference": reference}
    if vote.question == Vote.Question.MOTION_AS_AMENDED:
        return gettext("Motion %(reference)s as amended") % {"reference": reference}
    return gettext("Motion %(reference)s") % {"reference": reference}


def counts_text(vote: Vote) -> str:
    """ "13 for, 0 abstaining, 34 against", or nothing when there was no division."""
    if not vote.is_division:
        return ""
    return gettext("%(for)s for, %(abstain)s abstaining, %(against)s against") % {
        "for": vote.for_count,
        "abstain": vote.abstain_count,
        "against": vote.against_count,
    }


def casting_vote_text(vote: Vote) -> str:
    """The Presiding Officer's casting vote, named as such, or nothing."""
    if not vote.casting_vote:
        return ""
    name = vote.casting_member.name
    if vote.casting_vote == Vote.Option.FOR:
        return gettext("The Presiding Officer, %(name)s, used a casting vote in favour.") % {
            "name": name
        }
    return gettext("The Presiding Officer, %(name)s, used a casting vote against.") % {"name": name}


def outcome(vote: Vote) -> str:
    """One line per vote: "Motion NDM8812 without amendment: Not agreed (13 for, …)"."""
    line = gettext("%(question)s: %(result)s") % {
        "question": question_label(vote),
        "result": vote.get_result_display(),
    }
    if counts := counts_text(vote):
        line = f"{line} ({counts})"
    casting = casting_vote_text(vote)
    return f"{line}. {casting}" if casting else line
