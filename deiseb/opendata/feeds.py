"""Atom feeds of what a reader would follow: new petitions, responses, debates, a constituency.

Each feed is in its page's language, under the language prefix, and reads only published
petitions. Entry ids are tag URIs on the site's own host (SITE_URL), not the request's, so they
stay the same behind a proxy or on the per-language hosts; they name the language too, as the
Welsh and the English entry are two documents. Summaries are HTML rendered from templates, so a
petition's text is escaped like anywhere else on the site.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from deiseb.geography.models import Constituency
from deiseb.parliament.models import Debate, GovernmentResponse, Motion, Vote
from deiseb.parliament.queries import responder
from deiseb.parliament.wording import outcome, with_casting_office
from deiseb.petitions.models import Petition, PetitionEvent
from deiseb.signatures.queries import popular_in

# Enough for a reader polling daily to miss nothing on a busy day; small enough to stay cheap.
FEED_LENGTH = 50
# The "date" part of a tag URI: a day the site's authority held its name, fixed forever.
TAG_DATE = "2026"


def tag(*parts) -> str:
    """A stable Atom id, e.g. tag:petitions.senedd.wales,2026:cy/petition/12/opened."""
    authority = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{authority},{TAG_DATE}:{get_language()}/" + "/".join(str(p) for p in parts)


def start_of(day: datetime.date) -> datetime.datetime:
    """A date the record keeps without a time, as the first moment of that day in Wales."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def parliament_name() -> str:
    return settings.PARLIAMENT_NAME_CY if get_language() == "cy" else settings.PARLIAMENT_NAME_EN


def petition_url(petition: Petition) -> str:
    return reverse("petitions:detail", args=[petition.pk])


def _outcomes(debate: Debate) -> list[str]:
    """One line per vote, in the order put, from the prefetched motions and votes."""
    return [outcome(vote) for motion in debate.motions.all() for vote in motion.votes.all()]


class PetitionsFeed(Feed):
    """What every feed here shares: Atom, the parliament as author, a tag URI for the feed."""

    feed_type = Atom1Feed
    name = ""  # the feed's part of its id

    def author_name(self):
        return parliament_name()

    def feed_guid(self, obj):
        return tag("feeds", self.name)

    def link(self, obj):
        return reverse("petitions:list")

    def item_author_name(self, item):
        return None  # the feed's author, the parliament, stands for every entry

    # Most feeds' entries are petitions, each telling one thing that happened to it: its id
    # names the thing, and the entry is dated when it happened. What the entry says (action,
    # background) does not change once it opens, but a moderator may correct the text: updated_at
    # moves then too, and also when the count does, so the entry keeps the moment it tells of
    # rather than claiming an edit on every signature.
    happened = "opened"

    def moment(self, petition):
        return petition.opened_at

    def item_title(self, petition):
        return petition.action

    def item_link(self, petition):
        return petition_url(petition)

    def item_guid(self, petition):
        return tag("petition", petition.pk, self.happened)

    def item_pubdate(self, petition):
        return self.moment(petition)

    def item_updateddate(self, petition):
        return self.moment(petition)


class NewPetitionsFeed(PetitionsFeed):
    """Petitions as they open for signatures, newest first.

    Rejected petitions are left out even when they were open for a while (a petition can be
    rejected after it opened): a reader following new petitions wants the ones they can sign.
    """

    name = "new"
    description_template = "opendata/feeds/petition_summary.html"

    def title(self):
        return gettext("New petitions")

    def subtitle(self):
        return gettext("Petitions as they open for signatures.")

    def items(self):
        return (
            Petition.objects.listed("all")
            .exclude(state__in=Petition.REJECTED_STATES)
            .filter(opened_at__isnull=False)[:FEED_LENGTH]
        )


class ResponsesFeed(PetitionsFeed):
    """The Welsh Government's responses to petitions, newest first."""

    name = "responses"
    description_template = "opendata/feeds/response_summary.html"

    def title(self):
        return gettext("Government responses to petitions")

    def subtitle(self):
        return gettext("The Welsh Government's responses to petitions, as they are published.")

    def items(self):
        responses = (
            GovernmentResponse.objects.filter(petition__in=Petition.objects.published())
            .select_related("petition", "member")
            .prefetch_related("member__roles")
            .order_by("-responded_on", "-pk")[:FEED_LENGTH]
        )
        for response in responses:
            response.responder = responder(response)
        return responses

    def item_title(self, response):
        return gettext("The Welsh Government responded: %(action)s") % {
            "action": response.petition.action
        }

    def item_link(self, response):
        return petition_url(response.petition)

    def item_guid(self, response):
        return tag("response", response.pk)

    # The record keeps the day of the response, not the minute.
    def item_pubdate(self, response):
        return start_of(response.responded_on)

    def item_updateddate(self, response):
        return start_of(response.responded_on)


class DebatesFeed(PetitionsFeed):
    """Petitions the Senedd has debated, with how each vote went; most recently debated first.

    The entry is dated when the clerk recorded the outcome (the "record_debated" history row),
    which is when there was an outcome to tell.
    """

    name = "debates"
    description_template = "opendata/feeds/debate_summary.html"

    def title(self):
        return gettext("Petitions debated in the Senedd")

    def subtitle(self):
        return gettext("Petitions the Senedd has debated, and the outcome of each vote.")

    def link(self, obj):
        return reverse("parliament:debates")

    def items(self):
        recorded = (
            PetitionEvent.objects.filter(petition=OuterRef("pk"), verb="record_debated")
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        votes = with_casting_office(
            Vote.objects.select_related("amendment", "casting_member").order_by("position")
        )
        held = (
            Debate.objects.filter(date__lte=timezone.localdate())
            .prefetch_related(
                Prefetch(
                    "motions",
                    queryset=Motion.objects.prefetch_related(Prefetch("votes", queryset=votes)),
                )
            )
            .order_by("date", "pk")
        )
        petitions = (
            Petition.objects.listed("debated")
            .annotate(debated_at=Coalesce(Subquery(recorded), "closed_at"))
            .prefetch_related(Prefetch("debates", queryset=held, to_attr="held"))
            .order_by("-debated_at", "-pk")[:FEED_LENGTH]
        )
        for petition in petitions:
            petition.outcomes_by_debate = [(debate, _outcomes(debate)) for debate in petition.held]
        return petitions

    happened = "debated"

    def moment(self, petition):
        return petition.debated_at


class ConstituencyFeed(PetitionsFeed):
    """The open petitions most signed from one constituency: the constituency page, as a feed.

    The same twenty petitions as the page, in the same order. A constituent following it hears
    of each petition as it becomes one their neighbours back, rather than of every petition that
    opens anywhere (the new petitions feed is for that). Entries keep their opening time, so a
    reader is not told of an "update" every time the count moves; the count is on the page.
    """

    name = "constituency"
    description_template = "opendata/feeds/petition_summary.html"

    def get_object(self, request, code):
        return get_object_or_404(Constituency, code=code)

    def feed_guid(self, constituency):
        return tag("feeds", self.name, constituency.code)

    def title(self, constituency):
        return gettext("Petitions signed in %(name)s") % {"name": constituency.name}

    def subtitle(self, constituency):
        return gettext("Open petitions with the most signatures from %(name)s.") % {
            "name": constituency.name
        }

    def link(self, constituency):
        return reverse("signatures:constituency", args=[constituency.code])

    def items(self, constituency):
        return [row.petition for row in popular_in(constituency)]
