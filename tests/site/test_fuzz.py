"""A bounded fuzz of every URL that takes a parameter and every public form: never a 500.

Routes come from the URL resolver in both languages, so a new URL is fuzzed without editing this
file; the guard at the end fails if one could not be. Each request runs in a savepoint that is
rolled back, so the world stays as built and a derandomised run is the same run every time.
"""

import collections
import copy
import datetime
import functools
import logging
import re
import sys
import time
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deiseb.core.converters import TokenConverter
from deiseb.geography.forms import ConstituencyFinderForm
from deiseb.notifications.models import PetitionUpdate
from deiseb.notifications.tokens import unsubscribe_token
from deiseb.petitions.forms import ClosingDateForm, CreatorForm, PetitionTextForm
from deiseb.petitions.models import Petition
from deiseb.signatures.forms import SignatureForm
from tests.factories import (
    OpenPetitionFactory,
    SignatureFactory,
    SponsoredPetitionFactory,
    ValidatedSignatureFactory,
)
from tests.parliament import scenario

LANGUAGES = ("en", "cy")
CSRF_TOKEN = "f" * 32


def bounded(max_examples: int) -> settings:
    """Few enough examples that the module takes well under a minute on each database."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,  # the same examples on every run and in CI
        database=None,
        suppress_health_check=list(HealthCheck),
    )


# What the fuzzer knows how to put in each kind of path parameter.
KINDS = {
    IntConverter: "int",
    StringConverter: "str",
    SlugConverter: "slug",
    PathConverter: "path",
    TokenConverter: "token",
}


# The map of the site: every route from the resolver.


@dataclass(frozen=True)
class Param:
    kind: str
    name: str


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    language: str | None  # the prefix it lives under; None for /data/… and count.json
    parts: tuple  # literal text and Params, in order

    @property
    def params(self) -> list[Param]:
        return [part for part in self.parts if isinstance(part, Param)]

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    @property
    def is_staff(self) -> bool:
        return self.name.split(":")[0] in {"admin", "moderation", "record", "updates", "audit"} or (
            self.name.startswith("accounts:") and self.name != "accounts:login"
        )

    def path(self, values: dict[str, str]) -> str:
        """The path with each parameter's raw value percent-encoded, surrogates and all."""
        return "/" + "".join(
            quote(values[part.name].encode("utf-8", "surrogatepass"), safe="")
            if isinstance(part, Param)
            else part
            for part in self.parts
        )


_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")
_REGEX_SYNTAX = re.compile(r"[\\^$.*+?()\[\]{}|]")


def _route_parts(pattern) -> tuple:
    if isinstance(pattern, LocalePrefixPattern):
        return (pattern.language_prefix,)
    if isinstance(pattern, RoutePattern):
        route, parts, at = str(pattern._route), [], 0
        for match in _ROUTE_PARAM.finditer(route):
            kind = KINDS.get(type(pattern.converters[match["name"]]), "unknown")
            parts += [route[at : match.start()], Param(kind, match["name"])]
            at = match.end()
        return (*parts, route[at:])
    # A regular expression (the admin's app index and catch-all): named groups become params.
    regex, parts, at = str(pattern._regex).lstrip("^").removesuffix("$"), [], 0
    for match in _REGEX_GROUP.finditer(regex):
        parts += [regex[at : match.start()], Param("str", match["name"])]
        at = match.end()
    parts.append(regex[at:])
    literal = "".join(part for part in parts if isinstance(part, str))
    if _REGEX_SYNTAX.search(literal):
        return (Param("unknown", regex),)
    return tuple(parts)


def _walk(patterns, parts=(), namespaces=(), localised=False):
    for entry in patterns:
        here = (*parts, *_route_parts(entry.pattern))
        in_locale = localised or isinstance(entry.pattern, LocalePrefixPattern)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, here, inner, in_locale)
        else:
            name = ":".join((*namespaces, entry.name or "<unnamed>"))
            yield name, in_locale, tuple(part for part in here if part != "")


@functools.cache
def site_routes() -> tuple[Route, ...]:
    """Every route in the resolver, once per language for those under a language prefix."""
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            for name, localised, parts in _walk(get_resolver().url_patterns):
                route = Route(name, language if localised else None, parts)
                found[route] = None
    return tuple(found)


# What goes in: values for parameters, query strings and form fields.

NASTY = [
    "0",
    "-1",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999999999999",
    "²",  # str.isdigit() says yes
    "١٢",  # Arabic-Indic digits: int() says yes
    "1e3",
    " 7 ",
    "\x00",
    "a\x00b",
    "\ud800",  # a lone surrogate, sent as the bytes UTF-8 would give it
    "\udcff\udc80",
    "😀",
    "..",
    "%",
    "%00",
    "<script>",
    "=HYPERLINK(1)",
    "x" * 2000,
    "",
]

nasty = st.sampled_from(NASTY)
numbers = st.integers(min_value=-(10**25), max_value=10**25).map(str)
text = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
long_text = st.text(min_size=200, max_size=3000)
fuzz_value = st.one_of(nasty, numbers, text, long_text)

QUERY_KEYS = ["state", "q", "page", "term", "debate", "member", "change", "sent", "next", "p"]
query_key = st.one_of(st.sampled_from(QUERY_KEYS), text)


def _pairs_to_query(pairs) -> str:
    return "&".join(
        quote(key.encode("utf-8", "surrogatepass"), safe="")
        + "="
        + quote(value.encode("utf-8", "surrogatepass"), safe="")
        for key, value in pairs
    )


def _without_surrogates(value: str) -> str:
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


# The world the fuzz runs in, built once per module and rolled back at the end.


@dataclass
class World:
    record: scenario.Record
    open_petition: Petition
    sponsored: Petition
    pools: dict[str, list[str]]  # real values for a parameter, by its name
    real_args: dict[str, list[dict[str, str]]]  # real arguments, by route name
    superuser: User


def _build_world() -> World:
    record = scenario.build()
    open_petition = OpenPetitionFactory()
    sponsored = SponsoredPetitionFactory()
    pending = SignatureFactory(petition=open_petition)
    validated = ValidatedSignatureFactory(petition=open_petition)
    superuser = User.objects.create_superuser("fuzz-root", password="correct horse battery")
    pks = [
        open_petition.pk,
        sponsored.pk,
        record.petition.pk,
        record.hidden_petition.pk,
        record.story.pk,
        record.tied.pk,
        record.motion.pk,
        record.tied_vote.pk,
        pending.pk,
    ]
    pools = {
        "pk": [str(pk) for pk in pks],
        "object_id": [str(pk) for pk in pks],
        "code": [record.old.code, record.new.code],
        "slug": [record.ann.slug, record.elin.slug],
        "kind": list(PetitionUpdate.Kind.values),
        "reference": [record.motion.reference],
        "token": [sponsored.sponsor_token, pending.token, unsubscribe_token(validated)],
        "app_label": ["petitions", "parliament", "auth"],
        "content_type_id": ["1", "7"],
    }
    real_args = {
        "signatures:support": [{"pk": str(sponsored.pk), "token": sponsored.sponsor_token}],
        "signatures:confirm": [{"token": pending.token}, {"token": validated.token}],
        "notifications:unsubscribe": [{"token": unsubscribe_token(validated)}],
        "parliament:my_members_result": [
            {"pk": str(record.story.pk), "code": record.old.code},
            {"pk": str(record.later.pk), "code": record.new.code},
        ],
    }
    return World(record, open_petition, sponsored, pools, real_args, superuser)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


class Stats:
    def __init__(self):
        self.requests = 0
        self.statuses = collections.Counter()
        self.server_errors = []
        self.swept = set()
        self.started = time.monotonic()


@pytest.fixture(scope="module")
def stats(request):
    """Counts every request; prints the figure past pytest's capture, so it shows under -q."""
    quiet = logging.getLogger("django.request")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # thousands of 400s and 404s are the point, not news
    counted = Stats()
    yield counted
    quiet.setLevel(level)
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(
            f"\nfuzz: {counted.requests} requests, {len(counted.server_errors)} server errors, "
            f"{time.monotonic() - counted.started:.1f} s; by status "
            + ", ".join(f"{code}: {n}" for code, n in sorted(counted.statuses.items())),
            file=sys.stderr,
        )


@pytest.fixture
def browser(db, world):
    """An anonymous visitor whose browser holds a CSRF cookie, as one that loaded a form does."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = CSRF_TOKEN
    return client


@pytest.fixture
def staff(db, world):
    client = Client(raise_request_exception=False)
    client.force_login(world.superuser)
    return client


def send(stats: Stats, client: Client, method: str, path: str, *, check=True, **kwargs):
    """One request, in a savepoint rolled back after, so nothing it did outlives it: not in the
    database, nor in the client's cookies (a logout must not sign the staff client out)."""
    stats.requests += 1
    cookies = copy.deepcopy(client.cookies)
    savepoint = transaction.savepoint()
    try:
        if "content_type" in kwargs:  # sent as given: the test client would re-encode it
            response = client.generic(method.upper(), path, **kwargs)
        else:
            response = getattr(client, method)(path, **kwargs)
    finally:
        transaction.savepoint_rollback(savepoint)
        client.cookies = cookies
    stats.statuses[response.status_code] += 1
    if response.status_code >= 500:
        stats.server_errors.append((method, path, kwargs.get("data")))
    if check:
        assert response.status_code < 500, (method, path, kwargs.get("data"), response.status_code)
    return response


# Every parametrised route, swept with every nasty value, then fuzzed at random.


def parametrised_routes() -> list[Route]:
    return [route for route in site_routes() if route.params]


def _client_for(route: Route, browser, staff):
    return staff if route.is_staff else browser


def test_every_route_is_swept_with_nasty_paths_and_queries(browser, staff, world, stats):
    """Each nasty value in each path parameter, the values split between the two languages
    (every view meets every value once, and each language's routes half of them), then in
    every known query key at once (a view reads only its own; once per page, as reading the
    query is the same in both languages), then the plain page by GET and POST. The admin's
    object pages are Django's own code: they get the values that broke ours."""
    errors_before = len(stats.server_errors)
    for route in site_routes():
        client = _client_for(route, browser, staff)
        real = world.real_args.get(route.name) or [
            {param.name: world.pools.get(param.name, ["1"])[0] for param in route.params}
        ]
        if route.is_admin:
            values = ["9223372036854775808", "²"] if route.language == "en" else ["\x00"]
        else:
            values = {"en": NASTY[::2], "cy": NASTY[1::2]}.get(route.language, NASTY)
        for value in values:
            for param in route.params:
                path = route.path({**real[0], param.name: value})
                send(stats, client, "get", path, check=False)
        if not route.is_admin and route.language != "cy":
            for value in NASTY:
                query = _pairs_to_query((key, value) for key in QUERY_KEYS)
                send(stats, client, "get", f"{route.path(real[0])}?{query}", check=False)
        if not route.is_admin:
            send(stats, client, "get", route.path(real[0]), check=False)
            token = {"csrfmiddlewaretoken": CSRF_TOKEN}
            send(stats, client, "post", route.path(real[0]), data=token, check=False)
        stats.swept.add(route)
    assert stats.swept >= set(parametrised_routes())  # what the guard below relies on
    assert stats.server_errors[errors_before:] == []


@st.composite
def route_request(draw, routes, world):
    route = draw(st.sampled_from(routes))
    real = world.real_args.get(route.name, [])
    base = draw(st.sampled_from(real)) if real and draw(st.booleans()) else {}
    values = {}
    for param in route.params:
        pool = world.pools.get(param.name, [])
        choices = [st.sampled_from(pool)] if pool else []
        if param.name in base and draw(st.booleans()):
            values[param.name] = base[param.name]
        else:
            values[param.name] = draw(st.one_of(*choices, fuzz_value))
    query = draw(st.lists(st.tuples(query_key, fuzz_value), max_size=4))
    return route, route.path(values) + ("?" + _pairs_to_query(query) if query else "")


def test_public_and_staff_urls_with_random_paths_and_queries(browser, staff, world, stats):
    routes = [route for route in site_routes() if not route.is_admin]

    @bounded(500)
    @given(request=route_request(routes, world), as_staff=st.booleans())
    def fuzz(request, as_staff):
        route, path = request
        send(stats, staff if as_staff else browser, "get", path)

    fuzz()


# Every public form, posted with random values in every encoding a client might use.


@dataclass(frozen=True)
class PublicForm:
    route: str
    fields: tuple[str, ...]
    args: str = ""  # the name of a World attribute holding the petition whose form it is


def field_names(form_class) -> tuple[str, ...]:
    """Each field's name, or the names of its parts for a field drawn as several boxes."""
    names = []
    for name, field in form_class.base_fields.items():
        widgets = getattr(field.widget, "widgets_names", None)
        names += [f"{name}{suffix}" for suffix in widgets] if widgets else [name]
        if widgets:
            names.append(name)  # also accepted whole, as an ISO date
    return tuple(names)


PUBLIC_FORMS = [
    PublicForm("signatures:sign", field_names(SignatureForm), "open_petition"),
    PublicForm("signatures:support", field_names(SignatureForm), "sponsored"),
    PublicForm("petitions:new", field_names(PetitionTextForm)),
    PublicForm("petitions:new_closing", field_names(ClosingDateForm)),
    PublicForm("petitions:new_creator", field_names(CreatorForm)),
    PublicForm("petitions:new_review", ()),
    PublicForm("signatures:local", field_names(ConstituencyFinderForm)),
    PublicForm("parliament:my_members", field_names(ConstituencyFinderForm), "story"),
    PublicForm("signatures:confirm", ()),
    PublicForm("notifications:unsubscribe", ()),
    PublicForm("accounts:login", ("username", "password")),
]

REALISTIC = {
    "name": ["Suzie Signer", "Siân Ellis-Jones", "O'Brien"],
    "email": ["suzie@example.com", "SUZIE+tag@Example.COM"],
    "postcode": ["CF10 1AA", "cf101aa", "SA1 1AA", "SW1A 1AA", "ZZ99 9ZZ"],
    "country": ["W", "E", "S", "N", "XX"],
    "phone": ["029 2089 8888", "+44 29 2089 8888", "(029) 2089-8888"],
    "closing_date": ["2027-03-31", "31/02/2027", "2027-13-01"],
    "closing_date_day": ["31", "1", "0"],
    "closing_date_month": ["3", "12", "13"],
    "closing_date_year": ["2027", "99999", "1"],
    "notify_by_email": ["on", "off"],
    "use_pseudonym": ["on"],
}

CHARSETS = [None, "utf-8", "UTF-8", "utf-7", "iso-8859-1", "utf-16", "x-unknown"]


def _session_with_answers(client: Client) -> None:
    """Answers for every creation step, as if the creator had got to 'check your answers'."""
    session = client.session
    session["new_petition"] = {
        "text": {"action": "Fund rural buses", "background": "Because.", "additional_details": ""},
        "closing": {
            "closing_date": (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
        },
        "creator": {
            "name": "Charlie Creator",
            "use_pseudonym": False,
            "pseudonym": "",
            "email": "charlie@example.com",
            "postcode": "CF101AA",
            "address": "1 High Street",
            "phone": "029 2000 0000",
            "notify_by_email": True,
        },
    }
    session.save()
    client.cookies["sessionid"] = session.session_key


@st.composite
def form_post(draw, world):
    form = draw(st.sampled_from(PUBLIC_FORMS))
    language = draw(st.sampled_from(LANGUAGES))
    route = next(r for r in site_routes() if r.name == form.route and r.language == language)
    if form.args:
        holder = getattr(world, form.args, None) or getattr(world.record, form.args)
        values = {"pk": str(holder.pk)}
        if form.route == "signatures:support":
            values["token"] = holder.sponsor_token
    else:
        values = draw(st.sampled_from(world.real_args.get(form.route, [{}])))
    fields = []
    for name in form.fields:
        if draw(st.integers(0, 9)):  # now and then a field is missing
            realistic = st.sampled_from(REALISTIC.get(name, ["x"]))
            fields.append((name, draw(st.one_of(realistic, realistic, fuzz_value))))
    fields += draw(st.lists(st.tuples(query_key, fuzz_value), max_size=2))
    if draw(st.integers(0, 9)):
        fields.append(("csrfmiddlewaretoken", CSRF_TOKEN))
    encoding = draw(st.sampled_from(["multipart", "urlencoded", "raw"]))
    if encoding == "multipart":
        data = {}
        for name, value in fields:
            data.setdefault(_without_surrogates(name), _without_surrogates(value))
        kwargs = {"data": data}
    elif encoding == "urlencoded":
        charset = draw(st.sampled_from(CHARSETS))
        content_type = "application/x-www-form-urlencoded"
        kwargs = {
            "data": _pairs_to_query(fields).encode(),
            "content_type": content_type + (f"; charset={charset}" if charset else ""),
        }
    else:  # anything at all, with the CSRF token in its header so the view reads it
        kwargs = {
            "HTTP_X_CSRFTOKEN": CSRF_TOKEN,
            "data": draw(st.binary(max_size=300)),
            "content_type": draw(
                st.sampled_from(
                    [
                        "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=BoUnDaRy",
                        "multipart/form-data",
                        "text/plain",
                    ]
                )
            ),
        }
    return form, route.path(values), kwargs


def test_every_public_form_with_random_fields_and_encodings(browser, world, stats):
    @bounded(500)
    @given(post=form_post(world))
    def fuzz(post):
        form, path, kwargs = post
        if form.route.startswith("petitions:new"):
            _session_with_answers(browser)
        send(stats, browser, "post", path, **kwargs)

    fuzz()


# The staff admin's lists, whose query strings go straight into the database query.


def changelists() -> list[tuple[str, list[str]]]:
    """Each admin list's path, and the lookups its filters, dates and fields take."""
    lists = []
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        keys = ["q", "o", "p", "e", "all", "_to_field", "pk__in", "id__gt", "pk__exact"]
        for filtered in model_admin.list_filter:
            if isinstance(filtered, str):
                keys += [f"{filtered}__{lookup}" for lookup in ("exact", "in", "isnull", "gte")]
                keys += [f"{filtered}__id__exact"]
        if model_admin.date_hierarchy:
            keys += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
        keys += [field.name for field in model._meta.concrete_fields]
        for language in LANGUAGES:
            route = next(r for r in site_routes() if r.name == name and r.language == language)
            lists.append((route.path({}), keys))
    return lists


@st.composite
def changelist_request(draw, lists):
    path, keys = draw(st.sampled_from(lists))
    value = st.one_of(st.sampled_from(["1", "2025", "true", "", "1,2"]), fuzz_value)
    query = draw(st.lists(st.tuples(st.one_of(st.sampled_from(keys), text), value), max_size=4))
    return f"{path}?{_pairs_to_query(query)}"


def test_staff_admin_lists_with_random_lookups(staff, world, stats):
    lists = changelists()
    for path, _keys in lists:
        assert send(stats, staff, "get", path).status_code == 200, path

    @bounded(300)
    @given(path=changelist_request(lists))
    def fuzz(path):
        send(stats, staff, "get", path)

    fuzz()


# The guard: nothing in the resolver the fuzzer cannot reach.


def test_every_route_has_parameters_the_fuzzer_can_fill():
    unknown = [
        (route.name, param.name)
        for route in site_routes()
        for param in route.params
        if param.kind == "unknown"
    ]
    assert not unknown, f"teach tests/site/test_fuzz.py these parameters: {unknown}"


def test_every_public_form_is_fuzzed():
    names = {route.name for route in site_routes()}
    assert {form.route for form in PUBLIC_FORMS} <= names
    assert {"signatures:sign", "petitions:new_creator", "parliament:my_members"} <= {
        form.route for form in PUBLIC_FORMS
    }


def test_both_languages_and_the_data_files_are_in_the_map():
    routes = parametrised_routes()
    assert {route.language for route in routes} == {"en", "cy", None}
    names = {route.name for route in routes}
    assert {"opendata:debate_popolo", "opendata:motion_popolo", "count_json"} <= names
    detail = [route.path({"pk": "1"}) for route in routes if route.name == "petitions:detail"]
    assert sorted(detail) == ["/cy/deisebau/1/", "/en/petitions/1/"]
