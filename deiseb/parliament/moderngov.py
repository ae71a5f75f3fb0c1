"""Keep the Senedd's sitting members current from its ModernGov web service.

The Senedd publishes its members through ModernGov's `GetCouncillorsByWard`, once in English
(`/mgwebservice.asmx/…`) and once in Welsh (`/mgwebservicew.asmx/…`): each constituency (a
"ward") with its members, each with their ModernGov id (the Senedd id the members CSV uses too),
name and party. The Senedd's own petitions site reads the same two documents nightly
(SeneddCymru/e-petitions, FetchMembersJob); here the scheduler runs `tasks.fetch_members`.

The feed says who sits today, not since when, so seats are dated by what the record can vouch
for: a term's first import dates its seats from the term's first day (members are elected
together); a member who appears later, or changes party or seat, is dated from the day the
change was seen; a member who has gone has their seat ended the day before. A second run with
the same feed changes nothing. A clerk's corrections win: a member field or a seat a clerk has
edited in the admin is listed in its `clerk_fields`, and the import leaves it alone. Members
without a Senedd id were entered by hand and are never ended by the feed. A feed that cannot
be read, or lists nobody, changes nothing.
"""

import datetime
import http.client
import logging
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass

import defusedxml
import defusedxml.ElementTree
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from deiseb.geography.importers import ImportReport
from deiseb.geography.models import Constituency
from deiseb.parliament.importers import PARTY_WORDING, ensure_terms, plain_name
from deiseb.parliament.models import Member, Party, Seat, Term

logger = logging.getLogger(__name__)

# What the Senedd's names carry after them in each language (Member of the Senedd, Aelod o'r
# Senedd); the record keeps the plain name, as the members CSV does.
POST_NOMINALS = (" MS", " AS")
MAX_BYTES = 5_000_000  # the real documents are about 100 KB


class FeedError(Exception):
    """The feed could not be fetched or read; nothing was changed."""


@dataclass(frozen=True)
class FeedMember:
    senedd_id: int
    name: str
    party: str
    constituency: str


def fetch(url: str, timeout: float | None = None) -> bytes:
    """The document at `url`, or FeedError saying why not."""
    timeout = timeout or settings.MEMBERS_FETCH_TIMEOUT
    request = urllib.request.Request(url, headers={"Accept": "text/xml, application/xml"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FeedError(
            _("%(url)s answered %(status)s.") % {"url": url, "status": exc.code}
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
        raise FeedError(
            _("%(url)s could not be fetched: %(error)s") % {"url": url, "error": exc}
        ) from exc
    if len(body) > MAX_BYTES:
        raise FeedError(_("%(url)s sent more than 5 MB.") % {"url": url})
    return body


def _text(node: ET.Element, tag: str) -> str:
    child = node.find(tag)
    if child is None or not (child.text or "").strip():
        raise FeedError(_("A member's entry has no <%(tag)s>.") % {"tag": tag})
    return child.text.strip()


def without_post_nominal(name: str) -> str:
    for suffix in POST_NOMINALS:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def parse(body: bytes) -> list[FeedMember]:
    """Every member in a GetCouncillorsByWard document. defusedxml refuses entity expansion
    and external references, so a hostile or broken document is a FeedError, not a hang."""
    try:
        root = defusedxml.ElementTree.fromstring(body)
    except (ET.ParseError, defusedxml.DefusedXmlException) as exc:
        raise FeedError(
            _("The members feed is not readable XML: %(error)s") % {"error": exc}
        ) from exc
    if root.tag != "councillorsbyward":
        raise FeedError(_("The members feed is not a GetCouncillorsByWard document."))
    members = []
    for ward in root.iterfind("wards/ward"):
        constituency = _text(ward, "wardtitle")
        for node in ward.iterfind("councillors/councillor"):
            try:
                senedd_id = int(_text(node, "councillorid"))
            except ValueError as exc:
                raise FeedError(_("A member's id is not a number.")) from exc
            members.append(
                FeedMember(
                    senedd_id=senedd_id,
                    name=plain_name(without_post_nominal(_text(node, "fullusername"))),
                    party=_text(node, "politicalpartytitle"),
                    constituency=constituency,
                )
            )
    return members


def _key(name: str) -> str:
    """Names compared as the anchor compares them (parameterised): case, accents, punctuation."""
    return slugify(name.replace("&", "and"))


class FeedImporter:
    """One run of the feed against the record: the English and Welsh lists, as of `today`."""

    def __init__(
        self,
        english: list[FeedMember],
        welsh: list[FeedMember],
        today: datetime.date | None = None,
    ):
        self.english = english
        self.welsh = {member.senedd_id: member for member in welsh}
        self.today = today or timezone.localdate()
        self.report = ImportReport()
        self.changes = Counter()

    def run(self) -> ImportReport:
        if not self.english:
            raise FeedError(_("The members feed lists nobody, so nothing was changed."))
        with transaction.atomic():
            ensure_terms()
            self.term = Term.objects.on(self.today).order_by("-number").first()
            if self.term is None:
                raise FeedError(_("No Senedd term is sitting on %(date)s.") % {"date": self.today})
            self.first_import = not Seat.objects.filter(term=self.term).exists()
            self.places = self._places()
            self.parties = Party.objects.in_bulk(field_name="slug")
            seen = set()
            for fed in self.english:
                if fed.senedd_id in seen:
                    raise FeedError(_("Member %(id)s is listed twice.") % {"id": fed.senedd_id})
                seen.add(fed.senedd_id)
                self._import(fed)
            self._end_departed(seen)
        self.report.add(
            _(
                "%(term)s, members feed of %(date)s: %(total)d members; members "
                "%(created)d created, %(updated)d updated; seats %(opened)d opened, "
                "%(ended)d ended; %(kept)d kept as a clerk corrected them"
            )
            % {
                "term": self.term.name_en,
                "date": self.today.isoformat(),
                "total": len(self.english),
                "created": self.changes["member_created"],
                "updated": self.changes["member_updated"],
                "opened": self.changes["seat_opened"],
                "ended": self.changes["seat_ended"],
                "kept": self.changes["kept"],
            }
        )
        return self.report

    def _places(self) -> dict[str, Constituency]:
        places = {}
        for place in Constituency.objects.in_force(self.today):
            places[_key(place.name_en)] = place
            places.setdefault(_key(place.name_cy), place)
        return places

    def _place(self, fed: FeedMember) -> Constituency:
        place = self.places.get(_key(fed.constituency))
        if place is None:
            raise FeedError(
                _(
                    "Member %(id)s sits for “%(place)s”, which is not a constituency in force "
                    "on %(date)s: run deiseb import_geography first."
                )
                % {"id": fed.senedd_id, "place": fed.constituency, "date": self.today}
            )
        return place

    def _party(self, fed: FeedMember) -> Party:
        """The party by the Senedd's wording; one the record does not know yet is added, with
        the Welsh feed's name for it."""
        slug = PARTY_WORDING.get(fed.party) or slugify(fed.party)
        party = self.parties.get(slug)
        if party is None:
            welsh = self.welsh.get(fed.senedd_id)
            party = Party.objects.create(
                slug=slug, name_en=fed.party, name_cy=welsh.party if welsh else fed.party
            )
            self.parties[slug] = party
            self.report.add(_("New party: %(name)s") % {"name": fed.party})
        return party

    def _member(self, fed: FeedMember) -> Member:
        welsh = self.welsh.get(fed.senedd_id)
        names = {"name_en": fed.name, "name_cy": welsh.name if welsh else ""}
        member = Member.objects.filter(senedd_id=fed.senedd_id).first()
        if member is None:
            slug = slugify(fed.name) or str(fed.senedd_id)
            if Member.objects.filter(slug=slug).exists():
                slug = f"{slug}-{fed.senedd_id}"
            self.changes["member_created"] += 1
            return Member.objects.create(senedd_id=fed.senedd_id, slug=slug, **names)
        kept = set(member.clerk_fields or [])
        update = {
            field: value
            for field, value in names.items()
            if value and field not in kept and getattr(member, field) != value
        }
        if kept & set(names):
            self.changes["kept"] += 1
        if update:
            Member.objects.filter(pk=member.pk).update(**update)
            self.changes["member_updated"] += 1
        return member

    def _import(self, fed: FeedMember) -> None:
        member = self._member(fed)
        party, place = self._party(fed), self._place(fed)
        seat = (
            Seat.objects.on(self.today)
            .filter(member=member, term=self.term)
            .order_by("-start_date")
            .first()
        )
        if seat is not None and seat.clerk_fields:
            self.changes["kept"] += 1
            return
        if seat is not None and seat.party_id == party.pk and seat.constituency_id == place.pk:
            return
        if seat is not None and seat.start_date >= self.today:  # opened today: put it right
            Seat.objects.filter(pk=seat.pk).update(party=party, constituency=place, region=None)
            return
        if seat is not None:
            self._end(seat)
        start = self.term.start_date if self.first_import else self.today
        Seat.objects.create(
            member=member,
            term=self.term,
            party=party,
            constituency=place,
            start_date=start,
            end_date=self.term.end_date,
        )
        self.changes["seat_opened"] += 1

    def _end(self, seat: Seat) -> None:
        if seat.start_date >= self.today:
            seat.delete()  # opened by an earlier run today and already gone
        else:
            Seat.objects.filter(pk=seat.pk).update(end_date=self.today - datetime.timedelta(days=1))
        self.changes["seat_ended"] += 1

    def _end_departed(self, seen: set[int]) -> None:
        """Seats of this term held today by a member with a Senedd id the feed no longer lists."""
        departed = (
            Seat.objects.on(self.today)
            .filter(term=self.term, member__senedd_id__isnull=False)
            .exclude(member__senedd_id__in=seen)
        )
        for seat in departed:
            if seat.clerk_fields:
                self.changes["kept"] += 1
            else:
                self._end(seat)


def import_from_feed(url_en: str, url_cy: str, today: datetime.date | None = None) -> ImportReport:
    """Fetch both languages, then import; a failure in either changes nothing."""
    english = parse(fetch(url_en))
    welsh = parse(fetch(url_cy))
    return FeedImporter(english, welsh, today=today).run()
