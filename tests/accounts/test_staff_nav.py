"""The staff bar: each role sees the pages it may open, and every page it sees opens."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from deiseb.accounts.context_processors import STAFF_PAGES

pytestmark = pytest.mark.django_db

STAFF_NAV = re.compile(r'<nav class="staff-nav"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"')


def user_in(group: str | None, **extra) -> User:
    user = User.objects.create_user(group or "nobody", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def staff_links(html: str) -> list[str]:
    nav = STAFF_NAV.search(html)
    return LINK.findall(nav.group(1)) if nav else []


@pytest.fixture(autouse=True)
def _one_factor(settings):
    settings.STAFF_2FA = False


@pytest.mark.parametrize(
    ("group", "landing"),
    [
        ("moderators", "moderation:queue"),
        ("translators", "moderation:queue"),
        ("clerks", "record:index"),
        ("sysadmins", "audit:log"),
    ],
)
def test_each_role_sees_the_pages_it_may_open_and_no_other(client, group, landing):
    client.force_login(user_in(group))
    shown = staff_links(client.get(reverse(landing)).content.decode())
    assert reverse(landing) in shown
    for url_name, _label, _roles in STAFF_PAGES:
        status = client.get(reverse(url_name)).status_code
        assert status == (200 if reverse(url_name) in shown else 403), (group, url_name)


def test_a_clerk_sees_the_record_and_paper_but_not_the_sysadmins_pages(client):
    client.force_login(user_in("clerks"))
    shown = staff_links(client.get(reverse("record:index")).content.decode())
    assert shown == [reverse("record:index"), reverse("paper:new")]


def test_the_admin_is_offered_to_those_django_lets_in(client):
    client.force_login(user_in("sysadmins", is_staff=True))
    shown = staff_links(client.get(reverse("switches:index")).content.decode())
    assert shown[-1] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
    client.force_login(user_in("moderators"))
    assert reverse("admin:index") not in staff_links(
        client.get(reverse("moderation:queue")).content.decode()
    )


def test_the_current_section_is_marked_and_the_updates_belong_to_the_record(client):
    from tests.factories import OpenPetitionFactory

    client.force_login(user_in("clerks"))
    html = client.get(reverse("updates:petition", args=[OpenPetitionFactory().pk])).content
    nav = STAFF_NAV.search(html.decode()).group(1)
    assert f'<a href="{reverse("record:index")}" aria-current="true">' in nav
    assert nav.count("aria-current") == 1


def test_staff_see_no_staff_bar_on_public_pages_and_visitors_none_anywhere(client):
    assert staff_links(client.get(reverse("accounts:login")).content.decode()) == []
    client.force_login(user_in("sysadmins"))
    assert staff_links(client.get("/en/").content.decode()) == []
