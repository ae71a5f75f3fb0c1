"""Staff pages show creators' details and staff forms: no browser or proxy may keep them.

The list of pages is checked against the URL resolver, so a new staff route must be added here.
"""

import pytest
from django.contrib.auth.models import User
from django.urls import URLResolver, get_resolver

from deiseb.parliament.models import Vote
from deiseb.ratelimits.models import AddressRule
from tests import worlds
from tests.factories import SponsoredPetitionFactory
from tests.parliament.chamber import chamber

pytestmark = pytest.mark.django_db

STAFF_NAMESPACES = {
    "moderation",
    "record",
    "updates",
    "audit",
    "switches",
    "paper",
    "retention",
    "ratelimits",
}


def staff_routes(patterns=None, namespace=None) -> set[str]:
    routes = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            routes |= staff_routes(pattern.url_patterns, pattern.namespace or namespace)
        elif namespace in STAFF_NAMESPACES:
            routes.add(f"{namespace}:{pattern.name}")
    return routes


@pytest.fixture
def pages() -> dict[str, tuple[str, str]]:
    """Each staff route: the method a browser uses and a path that reaches it."""
    petition = SponsoredPetitionFactory()
    senedd = chamber()
    vote = worlds.division(senedd.motion, Vote.Question.MOTION_WITHOUT_AMENDMENT, (3, 0, 2))
    debate = senedd.motion.debate
    rule = AddressRule.objects.create(list="block", kind="ip", value="192.0.2.0/24")
    moderation, record = f"/en/staff/moderation/{petition.pk}", "/en/staff/record"
    updates = f"/en/staff/updates/debates/{debate.pk}"
    return {
        "moderation:queue": ("get", "/en/staff/moderation/"),
        "moderation:trending": ("get", "/en/staff/moderation/trending/"),
        "moderation:petition": ("get", f"{moderation}/"),
        "moderation:save_text": ("post", f"{moderation}/text/"),
        "moderation:publish": ("post", f"{moderation}/publish/"),
        "moderation:reject": ("post", f"{moderation}/reject/"),
        "moderation:flag": ("post", f"{moderation}/flag/"),
        "moderation:unflag": ("post", f"{moderation}/unflag/"),
        "moderation:restore": ("post", f"{moderation}/restore/"),
        "moderation:take_over": ("post", f"{moderation}/take-over/"),
        "record:index": ("get", f"{record}/"),
        "record:new_division": ("get", f"{record}/motions/{senedd.motion.pk}/division/"),
        "record:edit_division": ("get", f"{record}/votes/{vote.pk}/division/"),
        "record:schedule_debate": ("post", f"{record}/debates/{debate.pk}/scheduled/"),
        "record:debate_outcome": ("post", f"{record}/debates/{debate.pk}/outcome/"),
        "updates:debate": ("get", f"{updates}/"),
        "updates:send": ("get", f"{updates}/send/debate_outcome/"),
        "record:petition": ("get", f"{record}/petitions/{petition.pk}/"),
        "record:complete": ("get", f"{record}/petitions/{petition.pk}/completed/"),
        "record:not_debated": ("get", f"{record}/petitions/{petition.pk}/not-debated/"),
        "record:archive": ("get", f"{record}/petitions/{petition.pk}/archive/"),
        "updates:petition": ("get", f"/en/staff/updates/petitions/{petition.pk}/"),
        "updates:response": ("get", f"/en/staff/updates/petitions/{petition.pk}/response/"),
        "updates:message": ("get", f"/en/staff/updates/petitions/{petition.pk}/message/"),
        "audit:log": ("get", "/en/staff/audit/"),
        "switches:index": ("get", "/en/staff/switches/"),
        "switches:change": ("post", "/en/staff/switches/signing/"),
        "ratelimits:index": ("get", "/en/staff/rates/"),
        "ratelimits:set_rates": ("post", "/en/staff/rates/rates/"),
        "ratelimits:add_rule": ("post", "/en/staff/rates/lists/"),
        "ratelimits:remove_rule": ("post", f"/en/staff/rates/lists/{rule.pk}/remove/"),
        "paper:new": ("get", "/en/staff/paper/"),
        "retention:index": ("get", "/en/staff/retention/"),
        "retention:legal_hold": ("post", f"/en/staff/retention/{petition.pk}/hold/"),
    }


def test_every_staff_route_is_checked(pages):
    assert staff_routes() == set(pages)


def test_no_staff_page_may_be_cached(client, pages):
    client.force_login(User.objects.create_superuser("root"))
    for name, (method, path) in pages.items():
        response = getattr(client, method)(path)
        assert response.status_code < 500, (name, response.status_code)
        cache_control = response.get("Cache-Control", "")
        assert "private" in cache_control and "no-store" in cache_control, (name, cache_control)
