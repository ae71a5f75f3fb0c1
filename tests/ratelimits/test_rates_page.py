"""Sam the sysadmin changes the signing rates and the allow and block lists; all audited."""

import pytest
from django.contrib.auth.models import Group, User

from deiseb.audit.models import AuditEntry
from deiseb.ratelimits.models import AddressRule, SigningRates
from tests.factories import moderator
from tests.helpers import localised

pytestmark = pytest.mark.django_db

DEFAULTS = {
    "burst_rate": 1,
    "burst_seconds": 60,
    "sustained_rate": 5,
    "sustained_seconds": 300,
    "creator_rate": 2,
    "sponsor_rate": 5,
    "across_seconds": 3600,
}


@pytest.fixture
def sam() -> User:
    user = User.objects.create_user("sam", password="correct horse battery staple")
    user.groups.add(Group.objects.get(name="sysadmins"))
    return user


def set_rates(client, **changes):
    return client.post(localised("en", "ratelimits:set_rates"), {**DEFAULTS, **changes})


def add(client, list_name="block", kind="ip", value="203.0.113.0/24", note=""):
    data = {"list_name": list_name, "kind": kind, "value": value, "note": note}
    return client.post(localised("en", "ratelimits:add_rule"), data)


def test_only_sysadmins_reach_the_page_or_change_anything(client):
    page = localised("en", "ratelimits:index")
    assert client.get(page).status_code == 302  # to sign in
    assert set_rates(client, burst_rate=9).status_code == 302
    client.force_login(moderator())
    assert client.get(page).status_code == 403
    assert set_rates(client, burst_rate=9).status_code == 403
    assert add(client).status_code == 403
    rule = AddressRule.objects.create(list="block", kind="ip", value="198.51.100.1")
    assert client.post(localised("en", "ratelimits:remove_rule", rule.pk)).status_code == 403
    assert SigningRates.current().burst_rate == 1
    assert list(AddressRule.objects.values_list("value", flat=True)) == ["198.51.100.1"]
    assert not AuditEntry.objects.exists()


def test_the_page_shows_the_rates_and_is_never_cached(client, sam):
    client.force_login(sam)
    page = client.get(localised("cy", "ratelimits:index"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert 'name="burst_rate" value="1"' in page.content.decode()


def test_sam_changes_the_rates_with_before_and_after_in_the_audit_log(client, sam):
    client.force_login(sam)
    response = set_rates(client, burst_rate=3, sustained_seconds=600)
    assert response.status_code == 302
    rates = SigningRates.current()
    assert (rates.burst_rate, rates.sustained_seconds, rates.updated_by) == (3, 600, sam)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SET_SIGNING_RATES)
    assert entry.actor == sam
    assert entry.changes == {"burst_rate": [1, 3], "sustained_seconds": [300, 600]}
    assert set_rates(client, burst_rate=3, sustained_seconds=600).status_code == 302
    assert AuditEntry.objects.count() == 1  # nothing changed, nothing audited


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "", "2.5", "1000001"])
def test_a_rate_that_is_not_a_positive_whole_number_gets_a_clear_error(client, sam, bad):
    client.force_login(sam)
    response = set_rates(client, burst_rate=bad, creator_rate=7)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and 'id="id_burst_rate_error"' in html
    rates = SigningRates.current()
    assert (rates.burst_rate, rates.creator_rate) == (1, 2)
    assert not AuditEntry.objects.exists()


def test_sam_adds_and_removes_list_entries_and_each_is_audited(client, sam):
    client.force_login(sam)
    assert add(client, value=" 2001:DB8::/32 ", note="Storm on 1 December").status_code == 302
    assert add(client, "allow", "domain", "*.Senedd.Wales").status_code == 302
    assert add(client, "block", "email", "Spam@Example.com").status_code == 302
    assert sorted(AddressRule.objects.values_list("list", "kind", "value")) == [
        ("allow", "domain", "*.senedd.wales"),
        ("block", "email", "spam@example.com"),
        ("block", "ip", "2001:db8::/32"),
    ]
    added = AuditEntry.objects.filter(action=AuditEntry.Action.ADD_ADDRESS_RULE).order_by("pk")
    assert [entry.changes["list"][1] for entry in added] == ["block", "allow", "block"]
    assert added[1].changes["value"] == [None, "*.senedd.wales"]
    assert added[0].changes["note"] == [None, "Storm on 1 December"]
    page = client.get(localised("en", "ratelimits:index")).content.decode()
    assert "2001:db8::/32" in page and "*.senedd.wales" in page  # staff see the entries

    rule = AddressRule.objects.get(kind="domain")
    response = client.post(localised("en", "ratelimits:remove_rule", rule.pk))
    assert response.status_code == 302
    assert not AddressRule.objects.filter(pk=rule.pk).exists()
    removed = AuditEntry.objects.get(action=AuditEntry.Action.REMOVE_ADDRESS_RULE)
    assert removed.actor == sam and removed.object_id == str(rule.pk)
    assert removed.changes["value"] == ["*.senedd.wales", None]
    assert client.post(localised("en", "ratelimits:remove_rule", rule.pk)).status_code == 404


@pytest.mark.parametrize(
    ("kind", "value", "says"),
    [
        ("ip", "203.0.113.300", "Enter an IP address"),
        ("ip", "203.0.113.7/24", "host part zero"),
        ("ip", "example.com", "Enter an IP address"),
        ("domain", "not a domain", "Enter an email domain"),
        ("domain", "*example.com", "Enter an email domain"),
        ("email", "nobody", "Enter an email address"),
    ],
)
def test_an_entry_that_is_not_of_its_kind_gets_a_clear_error(client, sam, kind, value, says):
    client.force_login(sam)
    response = add(client, kind=kind, value=value)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not AddressRule.objects.exists() and not AuditEntry.objects.exists()


def test_an_entry_already_on_the_list_is_refused_but_may_go_on_the_other(client, sam):
    client.force_login(sam)
    add(client, value="203.0.113.7")
    again = add(client, value="203.0.113.7/32")
    assert again.status_code == 400 and "already on this list" in again.content.decode()
    assert add(client, "allow", value="203.0.113.7").status_code == 302
    assert AddressRule.objects.count() == 2


def test_a_missing_choice_gets_a_clear_error(client, sam):
    client.force_login(sam)
    response = client.post(localised("en", "ratelimits:add_rule"), {"value": "203.0.113.7"})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not AddressRule.objects.exists()


def test_the_switches_page_leads_to_the_rates(client, sam):
    client.force_login(sam)
    page = client.get(localised("en", "switches:index")).content.decode()
    assert localised("en", "ratelimits:index") in page
