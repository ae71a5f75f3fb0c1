"""The petition's own milestones for its page's timeline, read from its history."""

import datetime
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext


@dataclass(frozen=True)
class Event:
    """One dated line on the timeline, already in the page's language."""

    date: datetime.date
    title: str
    detail: str = ""
    url: str = ""


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _referral_reached(petition) -> str:
    return ngettext(
        "Reached %(count)s signature: the Petitions Committee will consider it",
        "Reached %(count)s signatures: the Petitions Committee will consider it",
        petition.referral_threshold,
    ) % {"count": intcomma(petition.referral_threshold)}


def _debate_reached(petition) -> str:
    return ngettext(
        "Reached %(count)s signature: the Committee will consider a debate",
        "Reached %(count)s signatures: the Committee will consider a debate",
        petition.debate_threshold,
    ) % {"count": intcomma(petition.debate_threshold)}


# The lifecycle verbs (deiseb.petitions.lifecycle) the public timeline tells, and in what words.
MILESTONES = {
    "publish": lambda petition: gettext("Opened for signatures"),
    "reach_referral_threshold": _referral_reached,
    "reach_debate_threshold": _debate_reached,
    "close": lambda petition: gettext("Closed to new signatures"),
    "receive_paper": lambda petition: gettext("Handed in on paper"),
    "refer": lambda petition: pgettext("timeline", "Referred to the Petitions Committee"),
}


def petition_milestones(petition) -> list[Event]:
    """The petition's own history, as its verbs wrote it (PetitionEvent), in one query.

    The record's events (debates, responses, completion with the clerk's note) are added by
    `deiseb.parliament.queries.petition_timeline`, which builds on this.
    """
    rows = petition.events.filter(verb__in=MILESTONES).order_by("created_at", "pk")
    return [
        Event(_day(at), MILESTONES[verb](petition))
        for verb, at in rows.values_list("verb", "created_at")
    ]
