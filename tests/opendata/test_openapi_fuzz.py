"""Schemathesis against the live app, from /data/openapi.json: no 500s, every response described.

A small world (petitions in each public state with counted signatures, one on paper, a record of
debates and votes) is served by pytest-django's live server; the description is read from the
server, as any tool would, and every operation gets a bounded, derandomised run of generated
requests plus one request for each real id, so the runs that matter hit rows that exist; then
requests that break the description, which must still get an answer it lists.
"""

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from deiseb.parliament.models import Motion
from deiseb.parliament.paper import record_paper_petition
from deiseb.petitions.models import Petition
from deiseb.signatures.counting import count_signatures
from tests.factories import (
    CompletedPetitionFactory,
    OpenPetitionFactory,
    RejectedPetitionFactory,
    ValidatedSignatureFactory,
    clerk,
)
from tests.parliament import scenario

# Requests commit for real on a live server: flushed after, with the migrations' rows put back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Requests that break the description (a word for an id, an unknown state): never a 5xx, and
# still a status and a media type it lists. Their bodies are not checked: a 404 page is HTML.
NEGATIVE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]
EXAMPLES = 30
NEGATIVE_EXAMPLES = 15
SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # Shrinking a failure would cost many more requests; the first failing case says enough.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def world() -> dict:
    """Real ids by path parameter: every public state, breakdowns, paper, a debated record."""
    record = scenario.build()
    open_one = OpenPetitionFactory(creator_pseudonym="A parent in Powys")
    for _ in range(2):
        ValidatedSignatureFactory(petition=open_one, constituency=record.new)
    ValidatedSignatureFactory(petition=record.petition, constituency=record.old)
    paper = record_paper_petition(
        action_en="Reopen the library",
        action_cy="Ailagor y llyfrgell",
        background_en="It closed.",
        background_cy="Caeodd.",
        creator_name="Charlie",
        submitted_on=scenario.STORY_DATE,
        signatures=120,
        by=clerk(),
    )
    petitions = [
        record.petition,
        record.hidden_petition,
        open_one,
        paper,
        RejectedPetitionFactory(),
        CompletedPetitionFactory(),
    ]
    count_signatures()
    return {
        "petitions": [p.pk for p in petitions],
        "debates": [d.pk for d in (record.story, record.tied, record.later, record.scheduled)],
        "motions": list(Motion.objects.values_list("reference", flat=True)),
        "constituencies": [record.old.code, record.new.code],
    }


def real_cases(operation, ids: dict) -> list:
    """One case per real id the operation's path takes; none for an address without one."""
    path = operation.path
    if "{reference}" in path:
        return [operation.Case(path_parameters={"reference": ref}) for ref in ids["motions"]]
    if "{code}" in path:
        return [operation.Case(path_parameters={"code": code}) for code in ids["constituencies"]]
    if "{id}" in path:
        kind = "debates" if path.startswith("/data/debates/") else "petitions"
        return [operation.Case(path_parameters={"id": pk}) for pk in ids[kind]]
    return [operation.Case()]


def fuzz(operation, base_url: str) -> None:
    """The real ids first, then EXAMPLES generated requests; raises what schemathesis finds."""

    def call(case):
        case.call_and_validate(base_url=base_url, checks=CHECKS)

    def call_wrongly(case):
        case.call_and_validate(base_url=base_url, checks=NEGATIVE_CHECKS)

    for case in real_cases(operation, IDS):
        call(case)
    hypothesis.given(case=operation.as_strategy())(SETTINGS(call))()
    if operation.definition.raw.get("parameters"):
        wrong = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
        negative = hypothesis.settings(SETTINGS, max_examples=NEGATIVE_EXAMPLES)
        hypothesis.given(case=wrong)(negative(call_wrongly))()


IDS: dict = {}


def test_every_response_is_one_the_description_promises(live_server, settings):
    settings.SITE_URL = live_server.url
    IDS.update(world())
    assert Petition.objects.published().count() >= 4
    schema = schemathesis.openapi.from_url(f"{live_server.url}/data/openapi.json")
    failures, operations = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations.append(operation.path)
        try:
            fuzz(operation, live_server.url)
        # Schemathesis raises a group of what it found; every operation runs, each is named.
        except (AssertionError, BaseExceptionGroup) as error:
            failures.append(f"{operation.label}: {error}")
    # Schemathesis leaves out the address it read the description from; test_openapi.py has it.
    assert operations == [
        path for path in schema.raw_schema["paths"] if path != "/data/openapi.json"
    ]
    assert not failures, "\n\n".join(failures)
