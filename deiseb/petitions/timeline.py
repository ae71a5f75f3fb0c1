"""The petition page's timeline: the petition's own milestones and the record that follows."""

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


def petition_timeline(petition) -> list[Event]:
    """What has happened to a petition, oldest first: its own milestones and the record's."""
    from deiseb.parliament.queries import petition_events  # the record builds on petitions

    own = [
        (petition.opened_at, gettext("Opened for signatures")),
        (
            petition.referral_threshold_reached_at,
            ngettext(
                "Reached %(count)s signature: the Petitions Committee will consider it",
                "Reached %(count)s signatures: the Petitions Committee will consider it",
                petition.referral_threshold,
            )
            % {"count": intcomma(petition.referral_threshold)},
        ),
        (
            petition.debate_threshold_reached_at,
            ngettext(
                "Reached %(count)s signature: the Committee will consider a debate",
                "Reached %(count)s signatures: the Committee will consider a debate",
                petition.debate_threshold,
            )
            % {"count": intcomma(petition.debate_threshold)},
        ),
        (petition.closed_at, gettext("Closed to new signatures")),
        (petition.referred_at, pgettext("timeline", "Referred to the Petitions Committee")),
    ]  # completion comes from the record, with the clerk's note (parliament.queries)
    events = [Event(_day(moment), title) for moment, title in own if moment]
    events += petition_events(petition)
    return sorted(events, key=lambda event: event.date)
