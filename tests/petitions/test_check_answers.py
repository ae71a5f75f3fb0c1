"""The "check your answers" page and the closing-date hint read as GOV.UK's do."""

import datetime

import pytest
from django.utils import formats, translation

from deiseb.petitions.forms import ClosingDateForm
from deiseb.petitions.services import closing_date_bounds
from tests.factories import constituency
from tests.helpers import localised
from tests.petitions.test_create import fill_in_petition

pytestmark = pytest.mark.django_db


def test_the_postcode_is_shown_as_people_write_it(client):
    constituency()
    assert fill_in_petition(client, postcode="cf101aa").status_code == 302
    page = client.get("/en/petitions/new/check-your-answers/").content.decode()
    assert "<dd>CF10 1AA</dd>" in page
    assert "CF101AA" not in page


def test_every_answer_about_the_creator_can_be_changed(client):
    constituency()
    fill_in_petition(client)
    page = client.get("/en/petitions/new/check-your-answers/").content.decode()
    # One Change link per row: action, background, details, date, then six about the creator.
    assert page.count('class="change"><a href=') == 10
    assert '<dd class="change"></dd>' not in page


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_closing_date_hint_writes_dates_in_full(client, language):
    client.get(localised(language, "petitions:check", query="q=Dentists"))
    text = {"action": "Fund dentists", "background": "There are too few.", "additional_details": ""}
    client.post(localised(language, "petitions:new"), text)
    page = client.get(localised(language, "petitions:new_closing")).content.decode()
    _earliest, latest = closing_date_bounds()
    with translation.override(language):
        expected = formats.date_format(latest, "j F Y")
    assert expected in page


def test_the_english_hint_is_day_month_year():
    _earliest, latest = closing_date_bounds()
    with translation.override("en"):
        hint = str(ClosingDateForm().fields["closing_date"].help_text)
    written = f"{latest.day} {latest:%B} {latest.year}"
    assert written in hint
    assert datetime.date.strftime(latest, "%b.") not in hint
