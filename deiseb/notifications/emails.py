"""The update email: the debate, its outcome and how the signer's own members voted."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from deiseb.core.emails import absolute_url, queue_email
from deiseb.notifications.tokens import unsubscribe_token
from deiseb.parliament.models import Amendment, Debate, Motion, Vote
from deiseb.parliament.queries import my_members_in_debate
from deiseb.parliament.wording import outcome, question_label

TEMPLATES = {
    "debate_scheduled": "notifications/emails/debate_scheduled",
    "debate_outcome": "notifications/emails/debate_outcome",
}


class DebateRecord:
    """A debate's motions and votes, read once per batch, and each constituency's members read
    once however many of its signers the batch holds."""

    def __init__(self, debate: Debate):
        self.debate = debate
        self._motions = None
        self._members = {}

    @property
    def motions(self) -> list[Motion]:
        if self._motions is None:
            votes = Vote.objects.select_related("motion", "amendment", "casting_member")
            self._motions = list(
                Motion.objects.filter(debate=self.debate)
                .prefetch_related(
                    Prefetch("votes", queryset=votes.order_by("position")),
                    Prefetch("amendments", queryset=Amendment.objects.order_by("number")),
                )
                .order_by("pk")
            )
        return self._motions

    def members_for(self, constituency):
        """The seats that represented it that day, and [(vote, [(seat, option or None)])]."""
        if constituency.code not in self._members:
            self._members[constituency.code] = my_members_in_debate(self.debate, constituency)
        return self._members[constituency.code]


def _not_put(amendment: Amendment) -> str:
    if amendment.status == Amendment.Status.DESELECTED:
        return gettext("Amendment %(number)s was deselected: it was not put to a vote.") % {
            "number": amendment.number
        }
    return gettext("Amendment %(number)s was withdrawn.") % {"number": amendment.number}


def _outcomes(motion: Motion) -> list[str]:
    """Each vote in the order it was put, and each amendment not put said where it was skipped:
    before the first vote that came after it."""
    votes = list(motion.votes.all())
    lines = [(vote.position, outcome(vote)) for vote in votes]
    for amendment in motion.amendments.all():
        if amendment.status not in {Amendment.Status.DESELECTED, Amendment.Status.WITHDRAWN}:
            continue
        later = [
            vote.position
            for vote in votes
            if vote.question == Vote.Question.MOTION_AS_AMENDED
            or (vote.amendment and vote.amendment.number > amendment.number)
        ]
        lines.append((min(later, default=len(votes) + 1) - 0.5, _not_put(amendment)))
    return [line for _position, line in sorted(lines, key=lambda item: item[0])]


def _outcome_context(record: DebateRecord, constituency) -> dict:
    """The outcome in the active language: every vote in order, then the signer's members."""
    motions = [
        {
            "label": gettext("Motion %(reference)s") % {"reference": motion.reference},
            "binding": motion.binding,
            "outcomes": _outcomes(motion),
        }
        for motion in record.motions
    ]
    if constituency is None:
        return {"motions": motions}
    seats, rows = record.members_for(constituency)
    my_votes = [
        {"label": question_label(vote), "vote": vote, "members": members} for vote, members in rows
    ]
    return {"motions": motions, "my_seats": seats, "my_votes": my_votes}


def debate_update(update, recipient, record: DebateRecord):
    """Queue one update email to one inbox, in the language its first signature was made in."""
    signature, debate = recipient.signature, update.debate
    constituency = recipient.constituency
    with translation.override(signature.language):
        unsubscribe_url = absolute_url(
            reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(signature)})
        )
        context = {
            "name": recipient.name,
            "petition": update.petition,
            "debate": debate,
            "constituency": constituency,
            "petition_url": absolute_url(reverse("petitions:detail", args=[update.petition_id])),
            "debate_url": absolute_url(reverse("parliament:debate", args=[debate.pk])),
            "my_members_url": absolute_url(
                reverse("parliament:my_members_result", args=[debate.pk, constituency.code])
                if constituency
                else reverse("parliament:my_members", args=[debate.pk])
            ),
            "unsubscribe_url": unsubscribe_url,
        }
        if update.kind == update.Kind.DEBATE_OUTCOME:
            context.update(_outcome_context(record, constituency))
    return queue_email(
        TEMPLATES[update.kind],
        to=signature.email,
        language=signature.language,
        context=context,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
