"""The open data's OpenAPI 3.1 description, built from the code it describes.

Python data rather than a file, so the bounds, the states and the field names come from the
same constants the views check (`MAX_COUNT`, `Petition.LISTS`, the search form's limit, a motion
reference's pattern) and cannot drift from them. CI fuzzes the live app from this document with
schemathesis (tests/opendata/test_openapi_fuzz.py): every response must be one it describes.

The words are in the active language: /data/openapi.json is built in English, the page that
lists the addresses (views_api.py) in the reader's. Fields are described in docs/opendata.md;
here each schema says only what a reader's tool can check: types, nullability, formats, enums.
"""

import re

from django.conf import settings
from django.core.validators import validate_slug
from django.urls import URLResolver, get_resolver
from django.utils import translation
from django.utils.translation import get_language, gettext

from deiseb.lib.text import MAX_ID
from deiseb.opendata import petitions_json
from deiseb.opendata.petition_views import DEFAULT_COUNT
from deiseb.opendata.petitions_json import MAX_COUNT, PAPER_CODE
from deiseb.opendata.popolo import VERSION as POPOLO_VERSION
from deiseb.parliament.models import Member, Motion
from deiseb.petitions.models import TEXT_FIELDS, Petition

OPENAPI_VERSION = "3.1.0"
JSON = "application/json"
CSV = "text/csv"
HTML = "text/html"
ATOM = "application/atom+xml"


def parliament_name() -> str:
    if get_language() == "cy":
        return settings.PARLIAMENT_NAME_CY
    return settings.PARLIAMENT_NAME_EN


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


def _object(properties: dict, **extra) -> dict:
    """Every key always present, as the serialisers promise; keys may be added within a version."""
    return {"type": "object", "required": list(properties), "properties": properties, **extra}


STRING = {"type": "string"}
COUNT = {"type": "integer", "minimum": 0}
URL = {"type": "string", "format": "uri"}
TIME = {"type": "string", "format": "date-time"}
DAY = {"type": "string", "format": "date"}
MAYBE_STRING = _nullable("string")
MAYBE_TIME = _nullable("string", format="date-time")
MAYBE_DAY = _nullable("string", format="date")
MAYBE_URL = _nullable("string", format="uri")
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _motion_reference_pattern() -> str:
    """The pattern the record's clerks are held to: a reference such as NDM8812."""
    field = Motion._meta.get_field("reference")
    return next(
        validator.regex.pattern for validator in field.validators if hasattr(validator, "regex")
    )


def _slug_pattern() -> str:
    """A member's id is their slug, as Django's SlugField holds it."""
    return validate_slug.regex.pattern.replace(r"\Z", "$")


def _member_slug_length() -> int:
    return Member._meta.get_field("slug").max_length


def _schemas() -> dict:
    petition_attributes = {
        "action": STRING,
        "background": STRING,
        "additional_details": MAYBE_STRING,
        "state": {"type": "string", "enum": sorted(Petition.PUBLISHED_STATES)},
        "signature_count": COUNT,
        "created_at": TIME,
        "updated_at": TIME,
        "opened_at": MAYBE_TIME,
        "closed_at": MAYBE_TIME,
        "rejected_at": MAYBE_TIME,
        "moderation_threshold_reached_at": MAYBE_TIME,
        "referral_threshold_reached_at": MAYBE_TIME,
        "debate_threshold_reached_at": MAYBE_TIME,
        "referred_at": MAYBE_TIME,
        "completed_at": MAYBE_TIME,
        "scheduled_debate_date": MAYBE_DAY,
        "debate_outcome_at": MAYBE_TIME,
        "creator_name": MAYBE_STRING,
        "rejection": {"oneOf": [{"type": "null"}, _ref("Rejection")]},
        "government_response": {"oneOf": [{"type": "null"}, _ref("GovernmentResponse")]},
        "debate": {"oneOf": [{"type": "null"}, _ref("Debate")]},
        **dict.fromkeys(TEXT_FIELDS, MAYBE_STRING),
        "language": {"type": "string", "enum": LANGUAGES},
        "closes_at": MAYBE_TIME,
        "referral_threshold": COUNT,
        "debate_threshold": COUNT,
        "debate_state": {"type": "string", "enum": list(Petition.DebateState.values)},
        "paper_signature_count": COUNT,
        "debates": {"type": "array", "items": STRING},
        "votes": {"type": "array", "items": STRING},
    }
    breakdowns = {
        "signatures_by_country": _nullable("array", items=_ref("CountryCount")),
        "signatures_by_constituency": _nullable("array", items=_ref("ConstituencyCount")),
        "signatures_by_region": _nullable("array", items=_ref("RegionCount")),
    }
    return {
        "Errors": _object(
            {
                "errors": {
                    "type": "array",
                    "minItems": 1,
                    "items": _object(
                        {
                            "status": {"type": "string", "pattern": "^[45][0-9][0-9]$"},
                            "detail": STRING,
                        }
                    ),
                }
            }
        ),
        "SelfLink": _object({"self": URL}),
        "ListLinks": _object(
            {"self": URL, "first": URL, "last": URL, "next": MAYBE_URL, "prev": MAYBE_URL}
        ),
        "Rejection": _object(
            {
                "code": STRING,
                "details": MAYBE_STRING,
                "details_en": MAYBE_STRING,
                "details_cy": MAYBE_STRING,
            }
        ),
        "GovernmentResponse": _object(
            {
                "responded_on": DAY,
                "summary": STRING,
                "details": STRING,
                "summary_en": STRING,
                "summary_cy": STRING,
                "details_en": STRING,
                "details_cy": STRING,
            }
        ),
        "Debate": _object(
            {
                "debated_on": DAY,
                "transcript_url": MAYBE_URL,
                "video_url": {"type": "null"},
                "overview": STRING,
            }
        ),
        "PetitionAttributes": _object(petition_attributes),
        "PetitionItem": _object(
            {
                "type": {"const": "petition"},
                "id": {"type": "integer", "minimum": 1},
                "links": _ref("SelfLink"),
                "attributes": _ref("PetitionAttributes"),
            }
        ),
        "PetitionList": _object(
            {
                "links": _ref("ListLinks"),
                "data": {"type": "array", "maxItems": MAX_COUNT, "items": _ref("PetitionItem")},
            }
        ),
        "PetitionDocumentAttributes": {"allOf": [_ref("PetitionAttributes"), _object(breakdowns)]},
        "PetitionDocument": _object(
            {
                "links": _ref("SelfLink"),
                "data": _object(
                    {
                        "type": {"const": "petition"},
                        "id": {"type": "integer", "minimum": 1},
                        "links": _ref("SelfLink"),
                        "attributes": _ref("PetitionDocumentAttributes"),
                    }
                ),
            }
        ),
        "CountryCount": _object(
            {
                "name": STRING,
                "code": {
                    "type": "string",
                    "description": f"A country code, or {PAPER_CODE} for signatures on paper.",
                },
                "name_en": STRING,
                "name_cy": STRING,
                "signature_count": {"type": "integer", "minimum": 1},
            }
        ),
        "Member": _object({"id": STRING, "name": STRING, "party": STRING}),
        "ConstituencyCount": _object(
            {
                "id": STRING,
                "ons_code": STRING,
                "name": STRING,
                "name_en": STRING,
                "name_cy": STRING,
                "signature_count": {"type": "integer", "minimum": 1},
                "members": {"type": "array", "items": _ref("Member")},
            }
        ),
        "RegionCount": _object(
            {
                "id": STRING,
                "ons_code": STRING,
                "name": STRING,
                "signature_count": {"type": "integer", "minimum": 1},
            }
        ),
        "HistoryPlace": {
            "type": "object",
            "required": ["name", "name_en", "name_cy", "signature_count"],
            "properties": {
                "id": STRING,
                "ons_code": STRING,
                "code": STRING,
                "name": STRING,
                "name_en": STRING,
                "name_cy": STRING,
                "signature_count": COUNT,
            },
        },
        "HistoryHour": {
            "type": "object",
            "required": ["hour", "signature_count", "total"],
            "properties": {
                "hour": TIME,
                "signature_count": COUNT,
                "total": COUNT,
                **{
                    f"signatures_by_{by}": {"type": "array", "items": _ref("HistoryPlace")}
                    for by in petitions_json.HISTORY_BY
                    if by != "petition"
                },
            },
        },
        "HistoryDocument": _object(
            {
                "links": _object({"self": URL, "petition": URL, "csv": URL}),
                "data": _object(
                    {
                        "type": {"const": "history"},
                        "id": {"type": "integer", "minimum": 1},
                        "attributes": _object(
                            {
                                "interval": {"const": "hour"},
                                "by": {"type": "string", "enum": list(petitions_json.HISTORY_BY)},
                                "signature_count": COUNT,
                                "paper_signature_count": COUNT,
                                "counted_signature_count": COUNT,
                                "hours": {"type": "array", "items": _ref("HistoryHour")},
                            }
                        ),
                    }
                ),
            }
        ),
        "Count": _object(
            {
                "id": {"type": "integer", "minimum": 1},
                "state": {"type": "string", "enum": sorted(Petition.PUBLISHED_STATES)},
                "signature_count": COUNT,
                "referral_threshold": COUNT,
                "debate_threshold": COUNT,
                "referral_threshold_reached_at": MAYBE_TIME,
                "debate_threshold_reached_at": MAYBE_TIME,
            }
        ),
        "CountNotFound": _object({"error": {"const": "not found"}}),
        # Looser than the petitions': Popolo's objects with ours beside them (docs/opendata.md).
        "PopoloDocument": _object(
            {
                "meta": _object(
                    {"format": {"const": "popolo"}, "version": {"const": POPOLO_VERSION}}
                ),
                "debates": {"type": "array", "items": _ref("PopoloItem")},
                "motions": {"type": "array", "items": _ref("PopoloItem")},
                "vote_events": {"type": "array", "items": _ref("PopoloItem")},
                "persons": {"type": "array", "items": _ref("PopoloItem")},
                "memberships": {"type": "array", "items": {"type": "object"}},
                "organizations": {"type": "array", "items": _ref("PopoloItem")},
                "areas": {"type": "array", "items": _ref("PopoloItem")},
            }
        ),
        "PopoloItem": {"type": "object", "required": ["id"], "properties": {"id": STRING}},
        "OpenAPI": {
            "type": "object",
            "required": ["openapi", "info", "paths"],
            "properties": {"openapi": {"const": OPENAPI_VERSION}},
        },
    }


def _json(schema: str, description: str, cors: bool = True) -> dict:
    response = {"description": description, "content": {JSON: {"schema": _ref(schema)}}}
    if cors:
        response["headers"] = {"Access-Control-Allow-Origin": {"$ref": "#/components/headers/CORS"}}
    return response


def _csv(description: str) -> dict:
    return {
        "description": description,
        "headers": {"Access-Control-Allow-Origin": {"$ref": "#/components/headers/CORS"}},
        "content": {CSV: {"schema": STRING}},
    }


def _atom(description: str) -> dict:
    return {"description": description, "content": {ATOM: {"schema": STRING}}}


def _html(description: str) -> dict:
    return {"description": description, "content": {HTML: {"schema": STRING}}}


def _responses() -> dict:
    refused = gettext(
        "Input refused before any address reads it, such as a NUL character: a web page."
    )
    no_such_address = gettext("An id that is not a whole number: no such address, a web page.")
    return {
        "PetitionNotFound": {
            **_json("Errors", gettext("There is no published petition with this number.")),
            "content": {
                JSON: {"schema": _ref("Errors")},
                HTML: {"schema": {**STRING, "description": no_such_address}},
            },
        },
        "Refused": _html(refused),
        "BadListQuery": {
            "description": gettext(
                "A state we do not have, a page or count that is not a whole number from 1, or "
                "a search too long; the detail says which."
            ),
            "headers": {"Access-Control-Allow-Origin": {"$ref": "#/components/headers/CORS"}},
            "content": {
                JSON: {"schema": _ref("Errors")},
                HTML: {"schema": {**STRING, "description": refused}},
            },
        },
        "BadHistoryQuery": {
            "description": gettext("A breakdown we do not have; the detail says which."),
            "headers": {"Access-Control-Allow-Origin": {"$ref": "#/components/headers/CORS"}},
            "content": {
                JSON: {"schema": _ref("Errors")},
                HTML: {"schema": {**STRING, "description": refused}},
            },
        },
        "RecordNotFound": _html(
            gettext("No such debate, motion, member or constituency: a web page.")
        ),
    }


def _param(name: str, where: str, schema: dict, description: str, required: bool = False):
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "description": description,
        "schema": schema,
    }


def _parameters() -> dict:
    whole = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    return {
        "PetitionId": _param(
            "id", "path", whole, gettext("The petition's number, as in its page's address.")
        ),
        "State": _param(
            "state",
            "query",
            {"type": "string", "enum": list(Petition.LISTS), "default": "all"},
            gettext("Which list: the tabs of the petitions page."),
        ),
        "Search": _param(
            "q",
            "query",
            # Any text but a NUL, which is refused at the door (Refused).
            {
                "type": "string",
                "maxLength": settings.PETITION_SEARCH_MAX_LENGTH,
                "pattern": "^[^\\x00]*$",
            },
            gettext("Words to search for, as the petitions page searches."),
        ),
        "Page": _param(
            "page",
            "query",
            {**whole, "default": 1},
            gettext("Which page of the list; past the last it is empty."),
        ),
        "PageSize": _param(
            "count",
            "query",
            {**whole, "default": DEFAULT_COUNT},
            gettext("Petitions per page: at most %(max)s, and more is read as %(max)s.")
            % {"max": MAX_COUNT},
        ),
        "HistoryBy": _param(
            "by",
            "query",
            {"type": "string", "enum": list(petitions_json.HISTORY_BY), "default": "petition"},
            gettext("The whole petition's signatures, or each constituency's or country's."),
        ),
        "ConstituencyCode": _param(
            "code",
            "path",
            {"type": "string", "pattern": "^[A-Z][0-9]{8}$"},
            gettext("The constituency's ONS code, such as W09000053."),
        ),
        "DebateId": _param(
            "id", "path", whole, gettext("The debate's number, as in its page's address.")
        ),
        "MotionReference": _param(
            "reference",
            "path",
            {"type": "string", "pattern": _motion_reference_pattern()},
            gettext("The motion's reference, such as NDM8812."),
        ),
        "DebateFilter": _param(
            "debate", "query", whole, gettext("Only this debate's votes; an unknown one is a 404.")
        ),
        "MemberFilter": _param(
            "member",
            "query",
            {"type": "string", "pattern": _slug_pattern(), "maxLength": _member_slug_length()},
            gettext("Only this member's votes, by their id (slug); an unknown one is a 404."),
        ),
    }


# A path parameter's name in the description, where the route's would read oddly (`pk`).
PARAMETER_NAMES = {"pk": "id"}
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif pattern.name:
            path = _CONVERTER.sub(lambda m: f"{{{PARAMETER_NAMES.get(m[1], m[1])}}}", route)
            yield f"{namespace}{pattern.name}", f"/{path}"


def routes(language: str) -> dict[str, str]:
    """Every named address as an OpenAPI path, in one language: read from the URLconf itself,
    so a moved or translated address moves here too."""
    with translation.override(language):
        return dict(_walk(get_resolver().url_patterns))


def _get(operation_id: str, tag: str, summary: str, description: str, responses: dict, *params):
    """One GET; any address that takes input may refuse it at the door (Refused) with a 400."""
    if params and "400" not in responses:
        responses = {**responses, "400": {"$ref": "#/components/responses/Refused"}}
    return {
        "get": {
            "operationId": operation_id,
            "tags": [tag],
            "summary": summary,
            "description": description,
            "parameters": [{"$ref": f"#/components/parameters/{name}"} for name in params],
            "responses": dict(sorted(responses.items())),
        }
    }


def _petition_operations() -> list[tuple[str, str, dict]]:
    """(route name, language, path item) for the petitions' addresses."""
    one_petition = gettext(
        "One published petition with its signatures by country, constituency and region; a "
        "rejected one has no breakdowns."
    )
    document = _json("PetitionDocument", gettext("The petition."))
    not_found = {"$ref": "#/components/responses/PetitionNotFound"}
    localised = {
        "en": gettext("One petition, in English: its page's address with .json"),
        "cy": gettext("One petition, in Welsh: its page's address with .json"),
    }
    operations = [
        (
            "petitions_json",
            "en",
            _get(
                "listPetitions",
                "petitions",
                gettext("A page of a list of petitions"),
                gettext("In petition.parliament.uk's shape, in English."),
                {
                    "200": _json("PetitionList", gettext("The page.")),
                    "400": {"$ref": "#/components/responses/BadListQuery"},
                },
                "State",
                "Search",
                "Page",
                "PageSize",
            ),
        ),
        (
            "petition_json",
            "en",
            _get(
                "getPetition",
                "petitions",
                gettext("One petition, in English"),
                one_petition,
                {"200": document, "404": not_found},
                "PetitionId",
            ),
        ),
    ]
    operations += [
        (
            "petition_json_page",
            language,
            _get(
                f"getPetition_{language}",
                "petitions",
                summary,
                one_petition,
                {"200": document, "404": not_found},
                "PetitionId",
            ),
        )
        for language, summary in localised.items()
    ]
    operations += [
        (
            "count_json",
            "en",
            _get(
                "getPetitionCount",
                "petitions",
                gettext("A petition's live signature count"),
                gettext("The count and the thresholds, refreshed every counting interval."),
                {
                    "200": _json("Count", gettext("The count."), cors=False),
                    "404": {
                        "description": gettext("There is no published petition with this number."),
                        "content": {
                            JSON: {"schema": _ref("CountNotFound")},
                            HTML: {"schema": STRING},
                        },
                    },
                },
                "PetitionId",
            ),
        ),
        (
            "petition_history_json",
            "en",
            _get(
                "getPetitionHistory",
                "petitions",
                gettext("A petition's signatures hour by hour"),
                gettext(
                    "The hours with signatures, oldest first, with the running total; by "
                    "constituency or country if asked. A rejected petition has none."
                ),
                {
                    "200": _json("HistoryDocument", gettext("The history.")),
                    "400": {"$ref": "#/components/responses/BadHistoryQuery"},
                    "404": not_found,
                },
                "PetitionId",
                "HistoryBy",
            ),
        ),
        (
            "petitions_csv",
            "en",
            _get(
                "listPetitionsCsv",
                "petitions",
                gettext("A whole list of petitions as CSV"),
                gettext("One row per petition, every page at once; the columns are %(columns)s.")
                % {"columns": ", ".join(petitions_json.LIST_COLUMNS)},
                {
                    "200": _csv(gettext("The list.")),
                    "400": {"$ref": "#/components/responses/BadListQuery"},
                },
                "State",
                "Search",
            ),
        ),
        (
            "petition_signatures_csv",
            "en",
            _get(
                "getPetitionSignaturesCsv",
                "petitions",
                gettext("A petition's signatures by constituency and country as CSV"),
                gettext("The columns are %(columns)s; a rejected petition has none.")
                % {"columns": ", ".join(petitions_json.BREAKDOWN_COLUMNS)},
                {"200": _csv(gettext("The breakdown.")), "404": not_found},
                "PetitionId",
            ),
        ),
        (
            "petition_history_csv",
            "en",
            _get(
                "getPetitionHistoryCsv",
                "petitions",
                gettext("A petition's signatures hour by hour as CSV"),
                gettext("The columns depend on the breakdown: %(columns)s.")
                % {
                    "columns": "; ".join(
                        f"{by}: {', '.join(columns)}"
                        for by, columns in petitions_json.HISTORY_COLUMNS.items()
                    )
                },
                {
                    "200": _csv(gettext("The history.")),
                    "400": {"$ref": "#/components/responses/BadHistoryQuery"},
                    "404": not_found,
                },
                "PetitionId",
                "HistoryBy",
            ),
        ),
    ]
    return operations


def _record_operations() -> list[tuple[str, str, dict]]:
    not_found = {"$ref": "#/components/responses/RecordNotFound"}
    return [
        (
            "opendata:votes_popolo",
            "en",
            _get(
                "getVotesPopolo",
                "record",
                gettext("Every debate, motion, amendment and vote, as Popolo"),
                gettext("Both languages inside; no personal data of signers."),
                {"200": _json("PopoloDocument", gettext("The record."))},
            ),
        ),
        (
            "opendata:debate_popolo",
            "en",
            _get(
                "getDebatePopolo",
                "record",
                gettext("One debate's record, as Popolo"),
                gettext("The debate with its motions, amendments, votes and the people in them."),
                {
                    "200": _json("PopoloDocument", gettext("The debate.")),
                    "404": not_found,
                },
                "DebateId",
            ),
        ),
        (
            "opendata:motion_popolo",
            "en",
            _get(
                "getMotionPopolo",
                "record",
                gettext("One motion's record, as Popolo"),
                gettext("The motion with its amendments and votes, and its debate."),
                {
                    "200": _json("PopoloDocument", gettext("The motion.")),
                    "404": not_found,
                },
                "MotionReference",
            ),
        ),
        (
            "opendata:votes_csv",
            "en",
            _get(
                "getVotesCsv",
                "record",
                gettext("One row per vote, as CSV"),
                gettext("Every division and every motion agreed without objection."),
                {"200": _csv(gettext("The votes.")), "404": not_found},
                "DebateFilter",
            ),
        ),
        (
            "opendata:member_votes_csv",
            "en",
            _get(
                "getMemberVotesCsv",
                "record",
                gettext("One row per member per division, as CSV"),
                gettext("Only where the member list of a division is recorded."),
                {"200": _csv(gettext("The members' votes.")), "404": not_found},
                "DebateFilter",
                "MemberFilter",
            ),
        ),
    ]


def _feed_operations() -> list[tuple[str, str, dict]]:
    """The Atom feeds, in each language: a feed reader's, not a program's, but listed here too."""
    feeds = [
        ("new_feed", gettext("Petitions just opened for signatures"), ()),
        ("responses_feed", gettext("Government responses to petitions"), ()),
        ("debates_feed", gettext("Debates on petitions and their outcomes"), ()),
        (
            "constituency_feed",
            gettext("Petitions popular in one constituency"),
            ("ConstituencyCode",),
        ),
    ]
    in_language = {"en": gettext("In English."), "cy": gettext("In Welsh.")}
    not_found = {"$ref": "#/components/responses/RecordNotFound"}
    operations = []
    for name, summary, params in feeds:
        for language, words in in_language.items():
            responses = {"200": _atom(gettext("The feed."))}
            if params:
                responses["404"] = not_found
            operation_id = "".join(part.title() for part in name.split("_"))
            operations.append(
                (
                    f"syndication:{name}",
                    language,
                    _get(
                        f"get{operation_id}_{language}", "feeds", summary, words, responses, *params
                    ),
                )
            )
    return operations


def _paths() -> dict:
    named = {language: routes(language) for language in LANGUAGES}
    operations = [
        *_petition_operations(),
        *_record_operations(),
        *_feed_operations(),
        (
            "opendata:openapi",
            "en",
            _get(
                "getOpenAPI",
                "description",
                gettext("This description, as OpenAPI 3.1"),
                gettext("Every address here, its parameters and its responses."),
                {"200": _json("OpenAPI", gettext("The description."))},
            ),
        ),
    ]
    # An address not in this URLconf (a feature switched off) is left out, never described.
    return {
        named[language][name]: item
        for name, language, item in operations
        if name in named[language]
    }


def document() -> dict:
    """The whole description, its words in the active language."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": gettext("%(parliament)s petitions: open data")
            % {"parliament": parliament_name()},
            "version": str(petitions_json.VERSION),
            "description": gettext(
                "Petitions in petition.parliament.uk's shape, and the Senedd's votes on them as "
                "Popolo. No personal data of signers or petition creators, ever."
            ),
            "license": {
                "name": "Open Government Licence v3.0",
                "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            },
        },
        "tags": [
            {"name": "petitions", "description": gettext("Petitions and their signatures")},
            {"name": "record", "description": gettext("What the Senedd did with them")},
            {"name": "feeds", "description": gettext("Feeds to follow in a feed reader")},
            {"name": "description", "description": gettext("This description")},
        ],
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "parameters": _parameters(),
            "responses": _responses(),
            "headers": {
                "CORS": {
                    "description": gettext("Any website's page may read the response."),
                    "schema": {"const": "*"},
                }
            },
        },
    }
