"""How did my members vote: a postcode in, the members for it on the day of the vote out."""

import pytest
from django.utils.html import escape

from deiseb.parliament.queries import my_members_in_debate
from tests.helpers import localised
from tests.parliament import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return scenario.build()


def ask(client, debate, postcode, language="en"):
    return client.post(
        localised(language, "parliament:my_members", debate.pk), {"postcode": postcode}
    )


def result(client, response):
    assert response.status_code == 302
    return client.get(response.headers["Location"]).content.decode()


def test_the_postcode_finds_the_constituency_in_force_on_the_day_of_the_vote(client, record):
    before = ask(client, record.story, "cf10 1aa")
    assert before.headers["Location"] == localised(
        "en", "parliament:my_members_result", record.story.pk, record.old.code
    )
    after = ask(client, record.later, "CF10 1AA")
    assert after.headers["Location"] == localised(
        "en", "parliament:my_members_result", record.later.pk, record.new.code
    )


def test_it_lists_the_constituency_and_regional_members_of_that_day(client, record):
    html = result(client, ask(client, record.story, "CF10 1AA"))
    assert "How members for Cardiff Central voted" in html
    for name in ("Ann Jones", "Bryn Owen", "Ceri Hughes", "Elin Jones"):
        assert name in html
    assert "Dai Morgan" not in html  # Swansea West
    assert "Eluned Price" not in html  # elected in 2026
    assert html.index("Ann Jones") < html.index("Bryn Owen")  # the constituency member first


def test_it_says_not_recorded_rather_than_guessing(client, record):
    html = result(client, ask(client, record.story, "CF10 1AA"))
    section = html[html.index("Motion NDM8812 without amendment") :]
    section = section[: section.index("</section>")]
    assert section.count("<td>Not recorded</td>") == 4
    assert "not held here" in section


def test_it_shows_each_recorded_vote(client, record):
    html = result(client, ask(client, record.tied, "CF10 1AA"))
    rows = {
        name: html[html.index(f'<th scope="row">{name}</th>') :].split("</tr>")[0]
        for name in ("Ann Jones", "Bryn Owen", "Ceri Hughes", "Elin Jones")
    }
    assert "<td>For</td>" in rows["Ann Jones"] and "<td>For</td>" in rows["Bryn Owen"]
    assert "<td>Against</td>" in rows["Ceri Hughes"]
    assert "<td>Abstain</td>" in rows["Elin Jones"]


def test_after_2026_it_is_the_new_constituency_and_its_members(client, record):
    html = result(client, ask(client, record.later, "CF10 1AA"))
    assert "How members for Caerdydd Penarth voted" in html
    assert "Eluned Price" in html and "Ann Jones" in html
    assert "Bryn Owen" not in html  # the regions went in 2026
    assert "<td>Did not vote</td>" in html  # Ann: the list is recorded, she is not in it


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("XYZ 123", "Enter a real UK postcode, like CF99 1SN."),
        ("BS1 4DJ", "BS1 4DJ is not in Wales."),
        ("CF99 1ZZ", "We could not find CF99 1ZZ."),
        ("", "Enter a postcode in Wales, like CF99 1SN."),
    ],
)
def test_a_bad_postcode_gets_a_helpful_answer_and_keeps_what_was_typed(
    client, record, postcode, message
):
    response = ask(client, record.story, postcode)
    assert response.status_code == 400
    html = response.content.decode()
    assert escape(message) in html
    assert f'value="{escape(postcode)}"' in html or not postcode
    assert "error-summary" in html


def test_a_bad_postcode_on_the_welsh_page_stays_welsh(client, record):
    response = ask(client, record.story, "BS1 4DJ", "cy")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="cy">' in html and 'value="BS1 4DJ"' in html
    assert record.story.title_cy in html


def test_the_form_and_answer_pages_render_in_both_languages(client, record):
    for language in ("en", "cy"):
        form = client.get(localised(language, "parliament:my_members", record.story.pk))
        assert form.status_code == 200 and f'<html lang="{language}">' in form.content.decode()
        answer = client.get(
            localised(language, "parliament:my_members_result", record.story.pk, record.old.code)
        )
        assert answer.status_code == 200
    welsh = answer.content.decode()
    assert "Canol Caerdydd" in welsh and "Canol De Cymru" in welsh


def test_a_constituency_not_in_force_on_the_day_is_404(client, record):
    wrong = localised("en", "parliament:my_members_result", record.story.pk, record.new.code)
    assert client.get(wrong).status_code == 404
    unknown = localised("en", "parliament:my_members_result", 999_999, record.old.code)
    assert client.get(unknown).status_code == 404


def test_the_postcode_never_reaches_a_url(client, record):
    response = ask(client, record.story, "CF10 1AA")
    assert (
        "CF10" not in response.headers["Location"] and "CF101AA" not in response.headers["Location"]
    )
    page = client.get(response.headers["Location"]).content.decode()
    assert "CF10 1AA" not in page and "CF101AA" not in page


def test_the_debate_page_offers_the_form_without_a_cookie(client, record):
    response = client.get(localised("en", "parliament:debate", record.story.pk))
    html = response.content.decode()
    action = localised("en", "parliament:my_members", record.story.pk)
    assert f'action="{action}"' in html and 'name="postcode"' in html
    assert not response.cookies


def test_it_costs_three_queries_however_many_votes(record, django_assert_num_queries):
    with django_assert_num_queries(3):
        seats, rows = my_members_in_debate(record.tied, record.old)
    assert [seat.member.name_en for seat in seats] == [
        "Ann Jones",
        "Bryn Owen",
        "Ceri Hughes",
        "Elin Jones",
    ]
    assert len(rows) == 1
