"""Staff passwords: long, not common, not like the username, and not only digits."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def test_an_all_digit_password_is_refused(admin_client):
    user = User.objects.create_user("cara")
    response = admin_client.post(
        f"/en/staff/admin/auth/user/{user.pk}/password/",
        {"password1": "40917362518", "password2": "40917362518", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert "This password is entirely numeric." in response.text
    user.refresh_from_db()
    assert not user.has_usable_password()
