"""No English interface text on a Welsh staff page either: the moderation queue and a petition
in moderation, the audit log with every kind of entry, the record's pages and a petition's
outcomes, the emails to its signers, the site switches and paper petitions, the paused pages,
and each step of signing in with a second factor. Staff pages are checked against the same
English messages as the public ones (tests/site/test_no_english_leaks.py)."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from deiseb.accounts import services as accounts
from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.switches import services as switches
from deiseb.switches.models import Pause
from tests.accounts.support import PASSWORD, app_code, sign_in
from tests.factories import (
    ClosedPetitionFactory,
    CompletedPetitionFactory,
    FlaggedPetitionFactory,
    OpenPetitionFactory,
    RejectedPetitionFactory,
    SponsoredPetitionFactory,
)
from tests.helpers import localised
from tests.parliament.chamber import chamber
from tests.site.test_no_english_leaks import english_phrases, visible_text

pytestmark = pytest.mark.django_db


# Text marked as English on purpose: the pause notice every page shows in both languages.
ENGLISH_ON_PURPOSE = re.compile(r'<p lang="en">.*?</p>', re.S)


def leaks(response, phrases) -> list[str]:
    text = visible_text(ENGLISH_ON_PURPOSE.sub(" ", response.content.decode()))
    return sorted(phrase for phrase in phrases if phrase in text)


def everyone(username="staff") -> User:
    """One account in every staff group, so that one session reaches every staff page."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=["moderators", "clerks", "sysadmins"]))
    return user


def test_welsh_staff_pages_carry_no_english_interface_text(client, settings):
    settings.STAFF_2FA = False
    phrases = english_phrases()
    user = everyone()
    client.force_login(user)
    sponsored = SponsoredPetitionFactory()
    flagged = FlaggedPetitionFactory()
    rejected = RejectedPetitionFactory()
    for action in AuditEntry.Action:
        audit.record(user, action, sponsored, changes={"state": ["sponsored", "open"]}, notes="x")
    senedd = chamber()
    referred = ClosedPetitionFactory(referred_at=timezone.now())
    published = OpenPetitionFactory()
    completed = CompletedPetitionFactory()
    paths = [
        "/cy/staff/moderation/",
        f"/cy/staff/moderation/{sponsored.pk}/",
        f"/cy/staff/moderation/{flagged.pk}/",
        f"/cy/staff/moderation/{rejected.pk}/",
        "/cy/staff/audit/",
        "/cy/staff/audit/?object_id=dim-byd",
        "/cy/staff/record/",
        f"/cy/staff/record/motions/{senedd.motion.pk}/division/",
        localised("cy", "record:petition", referred.pk),
        localised("cy", "record:complete", referred.pk),
        localised("cy", "record:not_debated", referred.pk),
        localised("cy", "record:archive", completed.pk),
        localised("cy", "updates:petition", published.pk),
        localised("cy", "updates:response", published.pk),
        localised("cy", "updates:message", published.pk),
        localised("cy", "switches:index"),
        localised("cy", "paper:new"),
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert leaks(response, phrases) == [], path


def test_welsh_paused_pages_carry_no_english_interface_text(client):
    phrases = english_phrases()
    user = everyone()
    petition = OpenPetitionFactory()
    for switch in Pause.Switch.values:
        switches.change_switch(switch, paused=True, by=user)
    client.force_login(user)
    for path in (
        localised("cy", "switches:index"),
        localised("cy", "petitions:detail", petition.pk),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert leaks(response, phrases) == [], path
    client.logout()
    for path in (localised("cy", "signatures:sign", petition.pk), localised("cy", "petitions:new")):
        response = client.get(path)
        assert response.status_code == 503, path
        assert leaks(response, phrases) == [], path


def test_welsh_two_factor_pages_carry_no_english_interface_text(client, settings):
    settings.STAFF_2FA = True
    phrases = english_phrases()

    everyone("newcomer")
    sign_in(client, "newcomer", path="/cy/staff/login/")
    setup = client.get("/cy/staff/two-factor/")
    assert setup.status_code == 200
    assert leaks(setup, phrases) == []
    wrong = client.post("/cy/staff/two-factor/", {"code": "000000"})
    assert wrong.status_code == 200
    assert leaks(wrong, phrases) == []

    client.logout()
    user = everyone("veteran")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    accounts.make_recovery_codes(user)
    sign_in(client, "veteran", path="/cy/staff/login/")
    verify = client.get("/cy/staff/login/code/")
    assert verify.status_code == 200
    assert leaks(verify, phrases) == []
    client.post("/cy/staff/login/code/", {"code": app_code(device)})
    codes = client.get("/cy/staff/two-factor/recovery-codes/")
    assert codes.status_code == 200
    assert leaks(codes, phrases) == []
    new_codes = client.post("/cy/staff/two-factor/recovery-codes/")
    assert new_codes.status_code == 200
    assert leaks(new_codes, phrases) == []

    client.logout()
    guesser = everyone("guesser")
    TOTPDevice.objects.create(user=guesser, name="app", confirmed=True)
    sign_in(client, "guesser", path="/cy/staff/login/")
    for _ in range(2):  # a wrong code, then the pause the wrong code starts
        wrong = client.post("/cy/staff/login/code/", {"code": "000000"})
        assert wrong.status_code == 200
        assert leaks(wrong, phrases) == []


def test_the_welsh_locked_out_page_carries_no_english_interface_text(client):
    phrases = english_phrases()
    everyone("locked")
    for _ in range(6):
        response = sign_in(client, "locked", "not the password", path="/cy/staff/login/")
    assert response.status_code == 429
    assert leaks(response, phrases) == []
