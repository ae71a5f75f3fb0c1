"""After signing in, staff land on the work their role allows, never on a 403."""

import pytest
from django.contrib.auth.models import Group, User

from tests.factories import clerk, moderator

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_in(client, user):
    return client.post("/en/staff/login/", {"username": user.username, "password": PASSWORD})


@pytest.mark.parametrize(
    ("make_user", "landing"),
    [
        (moderator, "/en/staff/moderation/"),
        (clerk, "/en/staff/record/"),
    ],
)
def test_each_role_lands_on_its_own_work(client, make_user, landing):
    user = make_user()
    assert sign_in(client, user)["Location"] == "/en/staff/"
    home = client.get("/en/staff/")
    assert home["Location"] == landing
    assert client.get(landing).status_code == 200


def test_a_sysadmin_lands_in_the_admin(client):
    user = User.objects.create_user("sys", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="sysadmins"))
    sign_in(client, user)
    assert client.get("/en/staff/")["Location"] == "/en/staff/admin/"


def test_a_user_without_a_role_is_refused_and_the_public_must_sign_in(client):
    assert client.get("/en/staff/")["Location"].startswith("/en/staff/login/")
    User.objects.create_user("nobody", password=PASSWORD)
    client.post("/en/staff/login/", {"username": "nobody", "password": PASSWORD})
    assert client.get("/en/staff/").status_code == 403
