"""Petitions as petition.parliament.uk's JSON: the shape third-party tools already read.

One serialiser, versioned, shared by the JSON and the CSV. Every key is always present, null when
empty: the tools written for the anchors index into the attributes without checking. Nothing here
reads a signer's or a creator's contact details; the creator's public name appears only while the
petition is open, as on its page.
"""

import datetime

from django.db.models import Prefetch, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext

from deiseb.opendata.popolo import debate_id, page_url, vote_event_id
from deiseb.parliament.models import Debate, GovernmentResponse, PetitionOutcome, Seat, Vote
from deiseb.petitions.models import TEXT_FIELDS, Petition
from deiseb.signatures import history
from deiseb.signatures.models import ConstituencyCount, CountryCount

VERSION = 1
MAX_COUNT = 50
# Paper signatures have no rows, so no country: they get a row of their own in the country
# breakdown, so that it sums to signature_count as the anchors' does.
PAPER_CODE = "paper"


def api_time(value: datetime.datetime | None) -> str | None:
    """The anchors' api_date_format: UTC, milliseconds, a Z."""
    if value is None:
        return None
    utc = value.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def api_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def with_related(petitions):
    """Everything the attributes read, in a fixed number of queries however many petitions."""
    return petitions.select_related("rejection__reason").prefetch_related(
        Prefetch("government_responses", queryset=GovernmentResponse.objects.order_by("pk")),
        Prefetch("outcomes", queryset=PetitionOutcome.objects.order_by("pk")),
        Prefetch("debates", queryset=Debate.objects.order_by("date", "pk")),
        Prefetch(
            "debates__motions__votes",
            queryset=Vote.objects.select_related("motion").order_by("position"),
        ),
    )


def petition_url(petition: Petition) -> str:
    return page_url("en", "petition_json", petition.pk)


def _rejection(petition: Petition, language: str) -> dict | None:
    rejection = getattr(petition, "rejection", None)
    if rejection is None or not petition.is_rejected:
        return None
    return {
        "code": rejection.reason_id,
        "details": _pick(rejection, "details", language) or None,
        "details_en": rejection.details_en or None,
        "details_cy": rejection.details_cy or None,
    }


def _pick(obj, field: str, language: str) -> str:
    """The page's language, falling back to the other, as Petition.in_language does."""
    other = "en" if language == "cy" else "cy"
    return getattr(obj, f"{field}_{language}") or getattr(obj, f"{field}_{other}")


def _government_response(petition: Petition, language: str) -> dict | None:
    responses = list(petition.government_responses.all())
    if not responses:
        return None
    latest = max(responses, key=lambda response: (response.responded_on, response.pk))
    return {
        "responded_on": api_date(latest.responded_on),
        "summary": _pick(latest, "summary", language),
        "details": _pick(latest, "text", language),
        "summary_en": latest.summary_en,
        "summary_cy": latest.summary_cy,
        "details_en": latest.text_en,
        "details_cy": latest.text_cy,
    }


def _debate(debates: list[Debate], language: str) -> dict | None:
    """The latest debate already held; a scheduled one is only scheduled_debate_date."""
    today = timezone.localdate()
    held = [debate for debate in debates if debate.date <= today]
    if not held:
        return None
    debate = held[-1]
    return {
        "debated_on": api_date(debate.date),
        "transcript_url": _pick(debate, "record_url", language) or None,
        "video_url": None,  # Senedd TV links are not recorded
        "overview": _pick(debate, "title", language),
    }


def petition_attributes(petition: Petition, language: str) -> dict:
    """The anchors' attribute names first, then Deiseb's own beside them."""
    debates = list(petition.debates.all())
    not_debated = next(
        (o for o in petition.outcomes.all() if o.kind == PetitionOutcome.Kind.NOT_DEBATED), None
    )
    return {
        "action": petition.in_language("action", language),
        "background": petition.in_language("background", language),
        "additional_details": petition.in_language("additional_details", language) or None,
        "state": petition.state,
        "signature_count": petition.signature_count,
        "created_at": api_time(petition.created_at),
        "updated_at": api_time(petition.updated_at),
        "opened_at": api_time(petition.opened_at),
        "closed_at": api_time(petition.closed_at),
        "rejected_at": api_time(petition.rejected_at),
        "moderation_threshold_reached_at": api_time(petition.sponsored_at),
        "referral_threshold_reached_at": api_time(petition.referral_threshold_reached_at),
        "debate_threshold_reached_at": api_time(petition.debate_threshold_reached_at),
        "referred_at": api_time(petition.referred_at),
        "completed_at": api_time(petition.completed_at),
        "scheduled_debate_date": api_date(debates[-1].date) if debates else None,
        "debate_outcome_at": api_time(not_debated.recorded_at) if not_debated else None,
        "creator_name": petition.public_creator_name if petition.shows_creator else None,
        "rejection": _rejection(petition, language),
        "government_response": _government_response(petition, language),
        "debate": _debate(debates, language),
        # Deiseb's own: both languages explicitly, the rules it was held to, the record.
        **{field: getattr(petition, field) or None for field in TEXT_FIELDS},
        "language": petition.language,
        "closes_at": api_time(petition.closes_at),
        "referral_threshold": petition.referral_threshold,
        "debate_threshold": petition.debate_threshold,
        "debate_state": petition.debate_state,
        "paper_signature_count": petition.paper_signatures,
        "debates": [debate_id(debate) for debate in debates],
        "votes": [
            vote_event_id(vote)
            for debate in debates
            for motion in debate.motions.all()
            for vote in motion.votes.all()
        ],
    }


def petition_item(petition: Petition, language: str) -> dict:
    return {
        "type": "petition",
        "id": petition.pk,
        "links": {"self": petition_url(petition)},
        "attributes": petition_attributes(petition, language),
    }


def signatures_by_country(petition: Petition, language: str) -> list[dict]:
    rows = [
        {
            "name": _pick(count.country, "name", language),
            "code": count.country_id,
            "name_en": count.country.name_en,
            "name_cy": count.country.name_cy,
            "signature_count": count.count,
        }
        for count in CountryCount.objects.filter(petition=petition, count__gt=0)
        .select_related("country")
        .order_by("country__position", "country__name_en")
    ]
    if petition.paper_signatures:
        names = {}
        for each in ("en", "cy"):
            with translation.override(each):
                names[each] = gettext("On paper")
        rows.append(
            {
                "name": names[language],
                "code": PAPER_CODE,
                "name_en": names["en"],
                "name_cy": names["cy"],
                "signature_count": petition.paper_signatures,
            }
        )
    return rows


def _members_by_area(on: datetime.date) -> dict[str, list[dict]]:
    """Who sat for each constituency and region on a day, in one query."""
    members: dict[str, list[dict]] = {}
    for seat in Seat.objects.on(on).select_related("member", "party").order_by("member__name_en"):
        person = {"id": seat.member.slug, "name": seat.member.name_en, "party": seat.party.slug}
        members.setdefault(seat.constituency_id or f"region:{seat.region_id}", []).append(person)
    return members


def signatures_by_constituency(petition: Petition, language: str) -> list[dict]:
    """Both `id` and `ons_code`: the anchors' tools read one or the other."""
    counts = list(
        ConstituencyCount.objects.filter(petition=petition, count__gt=0)
        .select_related("constituency")
        .order_by("constituency__name_en")
    )
    members = _members_by_area(timezone.localdate())
    rows = []
    for count in counts:
        constituency = count.constituency
        own = members.get(constituency.code, [])
        if constituency.region_id:  # before 2026 the region's list members represented it too
            own = own + members.get(f"region:{constituency.region_id}", [])
        rows.append(
            {
                "id": constituency.code,
                "ons_code": constituency.code,
                "name": _pick(constituency, "name", language),
                "name_en": constituency.name_en,
                "name_cy": constituency.name_cy,
                "signature_count": count.count,
                "members": own,
            }
        )
    return rows


def signatures_by_region(petition: Petition, language: str) -> list[dict]:
    """Only petitions on the 2007–2026 boundaries have regions; the 16 have none."""
    totals = (
        ConstituencyCount.objects.filter(petition=petition, constituency__region__isnull=False)
        .values(
            "constituency__region_id",
            "constituency__region__name_en",
            "constituency__region__name_cy",
        )
        .annotate(total=Sum("count"))
        .order_by("constituency__region__name_en")
    )
    return [
        {
            "id": row["constituency__region_id"],
            "ons_code": row["constituency__region_id"],
            "name": row[f"constituency__region__name_{language}"]
            or row["constituency__region__name_en"],
            "signature_count": row["total"],
        }
        for row in totals
        if row["total"]
    ]


def petition_document(petition: Petition, language: str) -> dict:
    """One petition with its breakdowns; a rejected one has no signatures to break down."""
    data = petition_item(petition, language)
    breakdowns = not petition.is_rejected
    data["attributes"].update(
        {
            "signatures_by_country": signatures_by_country(petition, language)
            if breakdowns
            else None,
            "signatures_by_constituency": signatures_by_constituency(petition, language)
            if breakdowns
            else None,
            "signatures_by_region": signatures_by_region(petition, language)
            if breakdowns
            else None,
        }
    )
    return {"links": {"self": petition_url(petition)}, "data": data}


LIST_COLUMNS = [
    "id",
    "url",
    "state",
    "action_en",
    "action_cy",
    "signature_count",
    "created_at",
    "opened_at",
    "closed_at",
    "rejected_at",
    "referred_at",
    "completed_at",
    "referral_threshold",
    "debate_threshold",
    "debate_state",
    "creator_name",
]


def list_row(petition: Petition) -> list:
    attributes = petition_attributes(petition, "en")
    return [
        petition.pk,
        petition_url(petition),
        *(attributes[column] for column in LIST_COLUMNS[2:]),
    ]


BREAKDOWN_COLUMNS = ["kind", "code", "name_en", "name_cy", "signature_count"]


def breakdown_rows(petition: Petition) -> list[list]:
    rows = [
        ["constituency", row["id"], row["name_en"], row["name_cy"], row["signature_count"]]
        for row in signatures_by_constituency(petition, "en")
    ]
    rows += [
        ["country", row["code"], row["name_en"], row["name_cy"], row["signature_count"]]
        for row in signatures_by_country(petition, "en")
    ]
    return rows


HISTORY_BY = ("petition", "constituency", "country")


def _place(row, by: str, language: str) -> dict:
    place = getattr(row, by)
    names = {
        "name": _pick(place, "name", language),
        "name_en": place.name_en,
        "name_cy": place.name_cy,
        "signature_count": row.count,
    }
    if by == "constituency":
        return {"id": place.code, "ons_code": place.code, **names}
    return {"code": place.code, **names}


def history_document(petition: Petition, by: str, language: str) -> dict:
    """The hours with signatures, oldest first, each with the running total; by place if asked.

    Quiet hours are left out (a months-long petition has thousands); `total` carries on across
    them. Paper signatures have no hour: `counted_signature_count` plus `paper_signature_count`
    is `signature_count` once the counter has caught up.
    """
    places: dict[datetime.datetime, list[dict]] = {}
    if by != "petition":
        for row in history.hours_by(petition, by):
            places.setdefault(row.hour, []).append(_place(row, by, language))
    items = []
    for point in history.running(history.hours(petition)):
        item = {"hour": api_time(point.at), "signature_count": point.count, "total": point.total}
        if by != "petition":
            item[f"signatures_by_{by}"] = places.get(point.at, [])
        items.append(item)
    return {
        "links": {
            "self": page_url("en", "petition_history_json", petition.pk)
            + ("" if by == "petition" else f"?by={by}"),
            "petition": petition_url(petition),
            "csv": page_url("en", "petition_history_csv", petition.pk),
        },
        "data": {
            "type": "history",
            "id": petition.pk,
            "attributes": {
                "interval": "hour",
                "by": by,
                "signature_count": petition.signature_count,
                "paper_signature_count": petition.paper_signatures,
                "counted_signature_count": items[-1]["total"] if items else 0,
                "hours": items,
            },
        },
    }


HISTORY_COLUMNS = {
    "petition": ["hour", "signature_count", "total"],
    "constituency": ["hour", "ons_code", "name_en", "name_cy", "signature_count"],
    "country": ["hour", "code", "name_en", "name_cy", "signature_count"],
}


def history_rows(petition: Petition, by: str):
    if by == "petition":
        for point in history.running(history.hours(petition)):
            yield [api_time(point.at), point.count, point.total]
        return
    for row in history.hours_by(petition, by).iterator():
        place = getattr(row, by)
        yield [api_time(row.hour), place.code, place.name_en, place.name_cy, row.count]
