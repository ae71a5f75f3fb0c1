"""The record put into words, the same on the debate page, the petition timeline and in emails.

Each sentence is a whole msgid, so Welsh can order it naturally rather than gluing fragments.
"""

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext

from deiseb.parliament.models import Role, Vote

# A Deputy in the chair gives the casting vote as "the Deputy Presiding Officer" (Dirprwy Lywydd),
# not as the Llywydd: the Record names the office the member held that day.
DEPUTY_TITLE = "Deputy Presiding Officer"


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


def with_casting_office(votes: QuerySet) -> QuerySet:
    """Votes annotated with the English title of the office the casting member held that day.

    One subquery in the votes' own query, so a page costs the same however many ties it shows.
    A Llywydd's title sorts after the Deputy's, so "-title_en" prefers it in the unlikely case
    of a member holding both that day.
    """
    day = OuterRef("motion__debate__date")
    offices = (
        Role.objects.presiding()
        .filter(member=OuterRef("casting_member"), start_date__lte=day)
        .exclude(end_date__lt=day)
        .order_by("-title_en")
        .values("title_en")[:1]
    )
    return votes.annotate(casting_office=Subquery(offices))


def _casting_office(vote: Vote) -> str | None:
    if hasattr(vote, "casting_office"):
        return vote.casting_office
    return (
        with_casting_office(Vote.objects.filter(pk=vote.pk))
        .values_list("casting_office", flat=True)
        .first()
    )


def casting_vote_text(vote: Vote) -> str:
    """The casting vote, credited to the office its giver held on the debate's day, or nothing."""
    if not vote.casting_vote:
        return ""
    name = vote.casting_member.name
    if _casting_office(vote) == DEPUTY_TITLE:
        if vote.casting_vote == Vote.Option.FOR:
            text = gettext("The Deputy Presiding Officer, %(name)s, used a casting vote in favour.")
        else:
            text = gettext("The Deputy Presiding Officer, %(name)s, used a casting vote against.")
    elif vote.casting_vote == Vote.Option.FOR:
        text = gettext("The Presiding Officer, %(name)s, used a casting vote in favour.")
    else:
        text = gettext("The Presiding Officer, %(name)s, used a casting vote against.")
    return text % {"name": name}


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
