"""The update emails: a debate (its date; its outcome and how the signer's own members voted),
the Welsh Government's response, and a clerk's message about other parliamentary business."""

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.html import escape
from django.utils.translation import gettext

from deiseb.core.emails import (
    absolute_url,
    build_email,
    parliament_name,
    queue_email,
    render_email,
)
from deiseb.core.models import OutboundEmail
from deiseb.geography.models import Constituency
from deiseb.notifications.models import SignerMessage
from deiseb.notifications.tokens import unsubscribe_token
from deiseb.parliament.models import Amendment, Debate, GovernmentResponse, Motion, Seat, Vote
from deiseb.parliament.queries import members_held_on, my_members_in_debate, responder
from deiseb.parliament.wording import outcome, question_label, with_casting_office

TEMPLATES = {
    "debate_scheduled": "notifications/emails/debate_scheduled",
    "debate_outcome": "notifications/emails/debate_outcome",
    "government_response": "notifications/emails/government_response",
    "other_business": "notifications/emails/other_business",
}


class DebateRecord:
    """A debate's motions and votes, read once per batch, and each constituency's members read
    once however many of its signers the batch holds."""

    def __init__(self, debate: Debate):
        self.debate = debate
        self._motions = None
        self._members = {}
        self._members_held = None

    @property
    def members_held(self) -> bool:
        """Whether the Senedd's members on the debate's date are held at all, asked once."""
        if self._members_held is None:
            self._members_held = members_held_on(self.debate.date)
        return self._members_held

    @property
    def motions(self) -> list[Motion]:
        if self._motions is None:
            votes = with_casting_office(
                Vote.objects.select_related("motion", "amendment", "casting_member")
            )
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
    return {
        "motions": motions,
        "my_seats": seats,
        "my_votes": my_votes,
        "members_held": bool(seats) or record.members_held,
    }


class Renderer:
    """A batch's update emails, each kind's templates rendered once per language (and, for a
    debate, once per constituency) with stand-ins for the signer's name and unsubscribe token,
    which each recipient's own then replace. The stand-ins are letters and digits only, so
    escaping leaves them as they are; the name is escaped where the HTML template escapes it.
    """

    def __init__(self):
        self.name = f"name{get_random_string(24)}"
        self.token = f"token{get_random_string(24)}"
        self._rendered = {}

    def email(self, update, recipient, group, build_context) -> OutboundEmail:
        signature = recipient.signature
        language, kind = signature.language, update.kind
        key = (kind, language, group)
        if key not in self._rendered:
            with translation.override(language):
                url = _unsubscribe_url(self.token)
                context = build_context(name=self.name, unsubscribe_url=url)
                self._rendered[key] = url, render_email(TEMPLATES[kind], language, context)
        url, (subject, text, html) = self._rendered[key]
        token, name = unsubscribe_token(signature), recipient.name
        rendered = tuple(
            part.replace(self.token, token).replace(self.name, own_name)
            for part, own_name in ((subject, name), (text, name), (html, escape(name)))
        )
        return build_email(
            TEMPLATES[kind],
            to=signature.email,
            language=language,
            rendered=rendered,
            headers=_unsubscribe_headers(url.replace(self.token, token)),
        )


def debate_update(update, recipient, record: DebateRecord, renderer: Renderer) -> OutboundEmail:
    """One update email to one inbox, in the language its first signature was made in."""
    constituency = recipient.constituency

    def context(**signer):
        return _debate_context(update.kind, record, update.petition, constituency, **signer)

    return renderer.email(update, recipient, constituency.pk if constituency else None, context)


def _debate_context(kind: str, record, petition, constituency, *, name, unsubscribe_url) -> dict:
    """What a debate's email says, in the active language: one builder for the email and its
    preview, so the clerk checks what signers will read."""
    debate = record.debate
    context = {
        "name": name,
        "petition": petition,
        "debate": debate,
        "constituency": constituency,
        "petition_url": absolute_url(reverse("petitions:detail", args=[petition.pk])),
        "debate_url": absolute_url(reverse("parliament:debate", args=[debate.pk])),
        "my_members_url": absolute_url(
            reverse("parliament:my_members_result", args=[debate.pk, constituency.code])
            if constituency
            else reverse("parliament:my_members", args=[debate.pk])
        ),
        "unsubscribe_url": unsubscribe_url,
    }
    if kind == "debate_outcome":
        context.update(_outcome_context(record, constituency))
    return context


def about(update):
    """What a batch's emails are about, read once per batch: the debate's record, the response
    with its minister's roles, or the clerk's message."""
    if update.debate_id:
        return DebateRecord(update.debate)
    if update.response_id:
        return (
            GovernmentResponse.objects.select_related("member")
            .prefetch_related("member__roles")
            .get(pk=update.response_id)
        )
    return SignerMessage.objects.get(pk=update.message_id)


def update_email(update, recipient, about, renderer: Renderer) -> OutboundEmail:
    """One update email to one inbox, whatever the update is about (unsaved: the batch saves
    every email at once)."""
    if update.debate_id:
        return debate_update(update, recipient, about, renderer)
    return petition_update(update, recipient, about, renderer)


def _petition_context(petition, about, name: str, unsubscribe_url: str) -> dict:
    """What the response and message emails say, in the active language."""
    context = {
        "name": name,
        "petition": petition,
        "petition_url": absolute_url(reverse("petitions:detail", args=[petition.pk])),
        "unsubscribe_url": unsubscribe_url,
    }
    if isinstance(about, GovernmentResponse):
        context |= {"response": about, "responder": responder(about)}
    else:
        context["message"] = about
    return context


def _unsubscribe_url(token: str) -> str:
    return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token}))


def _unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    """Every update email has RFC 8058 one-click unsubscribe."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def petition_update(update, recipient, about, renderer: Renderer) -> OutboundEmail:
    """The Government's response or a clerk's message, in the signer's language."""

    def context(*, name, unsubscribe_url):
        return _petition_context(update.petition, about, name, unsubscribe_url)

    return renderer.email(update, recipient, None, context)


def _rendered(kind: str, context: dict, language: str) -> dict[str, str]:
    """Subject and text body as queue_email renders them, in the active language."""
    context = context | {
        "site_url": settings.SITE_URL,
        "LANGUAGE_CODE": language,
        "parliament_name": parliament_name(),
    }
    template = TEMPLATES[kind]
    return {
        "language": language,
        "subject": " ".join(render_to_string(f"{template}_subject.txt", context).split()),
        "body": render_to_string(f"{template}_body.txt", context).strip(),
    }


def preview(kind: str, petition, about, language: str) -> dict[str, str]:
    """The email as a signer reading in `language` will get it, without queueing anything;
    rendered as queue_email renders, with a stand-in for the signer's name and link."""
    with translation.override(language):
        context = _petition_context(
            petition, about, gettext("[signer's name]"), _unsubscribe_url("preview")
        )
        return _rendered(kind, context, language)


def sample_constituency(debate: Debate) -> Constituency | None:
    """A place to preview a debate's email from: the first constituency in force that day with a
    member recorded, so the preview shows the members' part; else any in force that day."""
    seat = (
        Seat.objects.on(debate.date)
        .filter(
            constituency__isnull=False, constituency__in=Constituency.objects.in_force(debate.date)
        )
        .select_related("constituency__region")
        .order_by("constituency__name_en")
        .first()
    )
    if seat is not None:
        return seat.constituency
    return Constituency.objects.in_force(debate.date).order_by("name_en").first()


def debate_preview(
    kind: str, debate: Debate, petition, constituency, language: str
) -> dict[str, str]:
    """A debate's email as a signer in `constituency` reading in `language` will get it, built
    as debate_update builds it, with stand-ins for the signer's name and link; nothing queued."""
    with translation.override(language):
        context = _debate_context(
            kind,
            DebateRecord(debate),
            petition,
            constituency,
            name=gettext("[signer's name]"),
            unsubscribe_url=_unsubscribe_url("preview"),
        )
        return _rendered(kind, context, language)


# -- a signer's own signatures ---------------------------------------------------------------


def _other(language: str) -> str:
    return "en" if language == "cy" else "cy"


def _in_each_language(name: str, language: str, **kwargs) -> dict[str, str]:
    urls = {}
    for each in (language, _other(language)):
        with translation.override(each):
            urls[each] = absolute_url(reverse(name, kwargs=kwargs))
    return urls


def signatures_link(to: str, language: str, names: list[str], token: str):
    """The link to every petition this inbox signed, in the language the page was read in,
    and a few lines in the other language with the link in that language."""
    urls = _in_each_language("notifications:signatures", language, token=token)
    return queue_email(
        "notifications/emails/signatures_link",
        to=to,
        language=language,
        context={
            "name": " & ".join(names),
            "url": urls[language],
            "other_language": _other(language),
            "other_url": urls[_other(language)],
            "hours": settings.SIGNATURES_LINK_HOURS,
        },
    )


def no_signatures(to: str, language: str):
    """The same request for an address that signed nothing: say so, and how to sign."""
    urls = _in_each_language("petitions:list", language)
    return queue_email(
        "notifications/emails/no_signatures",
        to=to,
        language=language,
        context={
            "url": urls[language],
            "other_language": _other(language),
            "other_url": urls[_other(language)],
        },
    )
