"""The allow and block lists match what they say and nothing more; bad entries are refused."""

import pytest

from deiseb.ratelimits import rules
from deiseb.ratelimits.rules import ALLOW, BLOCK, DOMAIN, EMAIL, IP, Entry


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.0/24 ", "203.0.113.0/24"),
        ("203.0.113.7/32", "203.0.113.7"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("2001:db8::/32", "2001:db8::/32"),
    ],
)
def test_addresses_and_ranges_are_kept_in_one_form(typed, stored):
    assert rules.normalise(IP, typed) == stored


@pytest.mark.parametrize(
    "typed", ["203.0.113.300", "203.0.113.7/24", "203.0.113.0/33", "example.com", "", "2001:db8::g"]
)
def test_what_is_not_an_address_or_a_range_is_refused(typed):
    with pytest.raises(ValueError):
        rules.normalise(IP, typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Example.COM", "example.com"),
        ("@example.com", "example.com"),
        ("example.com.", "example.com"),
        ("*.Example.com", "*.example.com"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ],
)
def test_domains_are_kept_lower_case_with_their_glob(typed, stored):
    assert rules.normalise(DOMAIN, typed) == stored


@pytest.mark.parametrize(
    "typed", ["com", "bad domain.com", "*example.com", "a.*.example.com", "-bad.com", "a..com", ""]
)
def test_what_is_not_a_domain_is_refused(typed):
    with pytest.raises(ValueError):
        rules.normalise(DOMAIN, typed)


def test_emails_are_kept_lower_case_and_a_bad_one_is_refused():
    assert rules.normalise(EMAIL, " Bob@Example.COM ") == "bob@example.com"
    for typed in ("bob", "@example.com", "bob@", "b ob@example.com", "bob@nodot"):
        with pytest.raises(ValueError):
            rules.normalise(EMAIL, typed)


@pytest.mark.parametrize(
    ("rule", "ip", "matched"),
    [
        ("203.0.113.7", "203.0.113.7", True),
        ("203.0.113.7", "203.0.113.8", False),
        ("203.0.113.0/24", "203.0.113.255", True),
        ("203.0.113.0/24", "203.0.114.1", False),
        ("2001:db8::/32", "2001:db8:ffff::1", True),
        ("2001:db8::/32", "2001:db9::1", False),
        ("2001:db8::1", "2001:0db8:0000::0001", True),
        ("0.0.0.0/0", "2001:db8::1", False),  # IPv4 never matches IPv6
        ("203.0.113.0/24", "", False),
        ("203.0.113.0/24", None, False),
        ("203.0.113.0/24", "not an address", False),
    ],
)
def test_an_address_matches_itself_and_the_ranges_holding_it(rule, ip, matched):
    assert rules.ip_matches(rule, ip) is matched


@pytest.mark.parametrize(
    ("rule", "domain", "matched"),
    [
        ("example.com", "example.com", True),
        ("example.com", "EXAMPLE.com", True),
        ("example.com", "mail.example.com", False),
        ("*.example.com", "mail.example.com", True),
        ("*.example.com", "a.b.example.com", True),
        ("*.example.com", "example.com", False),
        ("*.example.com", "badexample.com", False),
        ("*.example.com", "example.com.evil.test", False),
        ("example.com", "", False),
    ],
)
def test_a_domain_glob_matches_subdomains_and_nothing_that_merely_ends_alike(rule, domain, matched):
    assert rules.domain_matches(rule, domain) is matched


def test_allow_wins_over_block_and_nothing_listed_is_neither():
    entries = [
        Entry(BLOCK, DOMAIN, "*.example.com"),
        Entry(ALLOW, EMAIL, "suzie@mail.example.com"),
        Entry(BLOCK, IP, "2001:db8::/32"),
    ]

    def verdict(ip=None, domain="mail.example.com", email="sam@mail.example.com"):
        return rules.listed(entries, ip=ip, domain=domain, emails=[email])

    assert verdict() == BLOCK
    assert verdict(email="Suzie@mail.example.com") == ALLOW
    assert verdict(ip="2001:db8::7", domain="example.org", email="x@example.org") == BLOCK
    assert verdict(ip="2001:db9::7", domain="example.org", email="x@example.org") is None
    assert rules.listed([], ip="203.0.113.7", domain="example.com", emails=[]) is None


def test_an_email_entry_matches_the_address_as_typed_or_its_canonical_form():
    entries = [Entry(BLOCK, EMAIL, "suzie@gmail.com")]
    emails = ("s.u.z.i.e+petitions@gmail.com", "suzie@gmail.com")
    assert rules.listed(entries, ip=None, domain="gmail.com", emails=emails) == BLOCK


@pytest.mark.parametrize(
    ("domain", "disposable"),
    [
        ("mailinator.com", True),
        ("MAILINATOR.com", True),
        ("inbox.mailinator.com", True),  # a subdomain of a listed domain
        ("example.com", False),
        ("gmail.com", False),
        ("com", False),
        ("", False),
        (None, False),
    ],
)
def test_disposable_domains_come_from_the_maintained_list_with_their_subdomains(domain, disposable):
    assert rules.is_disposable(domain) is disposable


@pytest.mark.parametrize(
    ("value", "parsed"),
    [("203.0.113.7", "203.0.113.7"), ("2001:DB8::1", "2001:db8::1"), ("", None), ("x", None)],
)
def test_a_request_address_is_read_or_dropped(value, parsed):
    assert rules.parse_ip(value) == parsed
