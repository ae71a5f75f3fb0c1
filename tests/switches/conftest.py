"""Sam the sysadmin pauses and resumes signing and starting petitions."""

import pytest
from django.contrib.auth.models import Group, User

from deiseb.switches import services


def staff(username: str, role: str) -> User:
    user = User.objects.create_user(username, password="correct horse battery staple")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def sam(db) -> User:
    return staff("sam", "sysadmins")


@pytest.fixture
def pause(sam):
    """Pause a switch through the service, as the switches page does."""

    def press(switch=services.SIGNING, **messages):
        return services.change_switch(switch, paused=True, by=sam, **messages)

    return press
