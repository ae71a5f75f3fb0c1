"""Which typed email domains get a "Did you mean …?" and which are left alone."""

import pytest

from deiseb.lib.emailcheck import COMMON_DOMAINS, distance, suggest, suggest_domain


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("gmial.com", "gmail.com"),
        ("gamil.com", "gmail.com"),
        ("gmail.con", "gmail.com"),
        ("gmailcom", "gmail.com"),
        ("gmai.com", "gmail.com"),
        ("hotmial.co.uk", "hotmail.co.uk"),
        ("homail.co.uk", "hotmail.co.uk"),
        ("hotmail.co", "hotmail.com"),
        ("yahooo.com", "yahoo.com"),
        ("outlok.com", "outlook.com"),
        ("btinterent.com", "btinternet.com"),
        ("btintenet.com", "btinternet.com"),
        ("btinternet.co", "btinternet.com"),
        ("iclod.com", "icloud.com"),
        ("GMIAL.COM", "gmail.com"),
        ("gmial.com.", "gmail.com"),
    ],
)
def test_a_common_typo_gets_the_domain_meant(typed, meant):
    assert suggest_domain(typed) == meant


@pytest.mark.parametrize(
    "domain",
    [
        *COMMON_DOMAINS,
        "example.com",
        "cardiff.ac.uk",
        "bangor.ac.uk",
        "outlook.fr",  # two edits, and another country's ending: a real domain
        "yahoo.fr",
        "gmx.de",
        "talktalk.com",
        "",
    ],
)
def test_real_domains_are_left_alone(domain):
    assert suggest_domain(domain) is None


def test_the_address_keeps_what_came_before_the_at():
    assert suggest("Ann.Jones+petitions@gmial.com") == "Ann.Jones+petitions@gmail.com"
    assert suggest("ann@example.com") is None
    assert suggest("not an address") is None
    assert suggest("@gmial.com") is None


def test_a_swap_of_neighbouring_letters_is_one_edit():
    assert distance("gmial", "gmail") == 1
    assert distance("gmail", "gmail") == 0
    assert distance("", "abc") == 3
    assert distance("kitten", "sitting") == 3
