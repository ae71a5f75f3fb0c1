"""Sam is a sysadmin: the one role that reads the audit log."""

import pytest
from django.contrib.auth.models import Group, User


def make_sysadmin(username="sam") -> User:
    user = User.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name="sysadmins"))
    return user


@pytest.fixture
def sam(client):
    user = make_sysadmin()
    client.force_login(user)
    return user
