"""The people of the moderation tests: Mo moderates, Tal translates, Terry is a sysadmin."""

import pytest
from django.contrib.auth.models import Group, User

from tests.factories import SponsoredPetitionFactory, ValidatedSignatureFactory, moderator


@pytest.fixture
def mo(client):
    user = moderator()
    client.force_login(user)
    return user


@pytest.fixture
def tal(client):
    user = User.objects.create_user("tal")
    user.groups.add(Group.objects.get(name="translators"))
    client.force_login(user)
    return user


@pytest.fixture
def english_only():
    petition = SponsoredPetitionFactory(action_cy="", background_cy="")
    ValidatedSignatureFactory(
        petition=petition, kind="creator", email="charlie@example.com", language="en"
    )
    ValidatedSignatureFactory(
        petition=petition, kind="sponsor", email="sian@example.com", language="cy"
    )
    return petition


@pytest.fixture
def terry(client):
    """A sysadmin, who alone may re-moderate a rejected or hidden petition."""
    user = User.objects.create_user("terry", first_name="Terry")
    user.groups.add(Group.objects.get(name="sysadmins"))
    client.force_login(user)
    return user
