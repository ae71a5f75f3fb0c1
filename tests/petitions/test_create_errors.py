"""Every error on the create-petition steps names its field, not "This field is required."."""

import re

import pytest

from tests.helpers import localised

pytestmark = pytest.mark.django_db


def summary(response) -> list[str]:
    block = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
    items = re.findall(r"<li>(.*?)</li>", block[0])
    return [re.sub(r"<[^>]+>", "", item).strip() for item in items]


def start(client):
    client.get(localised("en", "petitions:check", query="q=Dentists"))


def test_a_blank_petition_text_names_what_is_missing(client):
    start(client)
    response = client.post(localised("en", "petitions:new"), {"action": "", "background": ""})
    assert summary(response) == [
        "Enter what you want us to do",
        "Enter the background to your petition",
    ]


def test_blank_creator_details_name_each_field(client):
    start(client)
    session = client.session
    session["new_petition"] = {
        "text": {"action": "Fund dentists", "background": "Few", "additional_details": ""},
        "closing": {"closing_date": "2099-01-01"},
    }
    session.save()
    response = client.post(localised("en", "petitions:new_creator"), {})
    assert response.status_code == 200
    assert summary(response) == [
        "Enter your name",
        "Enter your email address",
        "Enter your postcode",
        "Enter your address",
        "Enter your phone number",
    ]
    assert "This field is required." not in response.content.decode()
