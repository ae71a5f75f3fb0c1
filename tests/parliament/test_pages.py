"""The public record: debate and member pages in both languages, in voting order, never invented."""

import re

import pytest
from django.utils.html import escape

from tests.helpers import localised
from tests.parliament import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return scenario.build()


def get(client, language, name, *args):
    response = client.get(localised(language, name, *args))
    assert response.status_code == 200, response
    html = response.content.decode()
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert f'<html lang="{language}">' in html
    return response, html


def in_order(html, *texts):
    positions = [html.index(text) for text in texts]
    return positions == sorted(positions)


class TestDebatePage:
    def test_it_shows_the_motion_amendments_and_votes_in_voting_order(self, client, record):
        _, html = get(client, "en", "parliament:debate", record.story.pk)
        assert record.story.title_en in html
        assert "Opposition debate" in html and "Ceri Hughes" in html
        assert scenario.STORY_TEXT_EN in html and scenario.STORY_TEXT_CY not in html
        assert "Motion NDM8812" in html and "Dai Morgan" in html  # co-signatory
        assert in_order(html, "Add an all-Wales audit first.", "Delete point 3.")
        assert in_order(
            html,
            "Motion NDM8812 without amendment",
            ">Amendment 1</h4>",
            "Motion NDM8812 as amended",
        )
        votes = html[html.index("Votes, in the order they were taken") :]
        first = votes[: votes.index(">Amendment 1</h4>")]
        assert "Not agreed" in first
        assert "<dd>13</dd>" in first and "<dd>0</dd>" in first and "<dd>34</dd>" in first

    def test_it_marks_a_motion_that_does_not_bind_the_government(self, client, record):
        _, story = get(client, "en", "parliament:debate", record.story.pk)
        _, tied = get(client, "en", "parliament:debate", record.tied.pk)
        assert "Not binding" in story and "does not oblige the Welsh Government" in story
        assert "Not binding" not in tied

    def test_it_says_plainly_when_the_member_list_is_not_recorded(self, client, record):
        _, html = get(client, "en", "parliament:debate", record.story.pk)
        assert html.count("The record of how each member voted in this division is not held") == 2
        assert "<summary>How each member voted</summary>" not in html
        # The motion as amended was agreed without objection: no division, no counts.
        last = html[html.index("Motion NDM8812 as amended") :]
        assert "Agreed without objection" in last and "no division" in last
        assert "<dd>" not in last[: last.index("</section>")]

    def test_it_shows_deselected_amendments_as_such(self, client, record):
        _, html = get(client, "en", "parliament:debate", record.story.pk)
        amendment = html[html.index(f'id="amendment-{record.amendment_2.pk}"') :]
        assert "Deselected" in amendment[: amendment.index("</li>")]

    def test_a_recorded_division_has_party_breakdown_members_and_casting_vote(self, client, record):
        _, html = get(client, "en", "parliament:debate", record.tied.pk)
        assert "The Presiding Officer, Elin Jones, used a casting vote against." in html
        table = html[html.index('<table class="party-table">') : html.index("</table>")]
        rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S)
        cells = {
            re.search(r"</span> (.*?)</th>", row).group(1): re.findall(r"<td>(\d+)</td>", row)
            for row in rows
        }
        assert cells == {
            "Plaid Cymru": ["1", "1", "0"],
            "Welsh Conservative Party": ["0", "0", "2"],
            "Welsh Labour": ["1", "0", "0"],
        }
        members = html[html.index("How each member voted") :]
        assert in_order(members, "For (2)", "Ann Jones", "Abstain (1)", "Elin Jones", "Against (2)")
        # The bar is decorative: hidden from screen readers, drawn in the parties' colours.
        bars = html[html.index('class="vote-bars"') :]
        assert bars.startswith('class="vote-bars" aria-hidden="true"')
        assert "background: #0087DC" in bars
        assert "not held here" not in html

    def test_only_published_petitions_are_linked(self, client, record):
        _, html = get(client, "en", "parliament:debate", record.story.pk)
        assert record.petition.action_en in html
        assert record.hidden_petition.action_en not in html

    def test_the_welsh_page_is_in_welsh(self, client, record):
        response, html = get(client, "cy", "parliament:debate", record.story.pk)
        assert response.request["PATH_INFO"].startswith("/cy/")
        assert record.story.title_cy in html and scenario.STORY_TEXT_CY in html
        assert scenario.STORY_TEXT_EN not in html
        assert "Ychwanegu archwiliad Cymru gyfan yn gyntaf." in html
        assert "Add an all-Wales audit first." not in html
        assert escape(record.petition.action_cy) in html and record.petition.action_en not in html

    def test_a_scheduled_debate_says_so(self, client, record):
        _, html = get(client, "en", "parliament:debate", record.scheduled.pk)
        assert "This debate is scheduled for" in html
        assert "No motion has been recorded for this debate yet." in html

    def test_it_links_to_its_open_data(self, client, record):
        _, html = get(client, "en", "parliament:debate", record.story.pk)
        assert f'href="/data/debates/{record.story.pk}.popolo.json"' in html
        assert f'href="/data/votes.csv?debate={record.story.pk}"' in html

    def test_public_pages_may_be_cached_briefly(self, client, record):
        response, _ = get(client, "en", "parliament:debate", record.story.pk)
        cache = response.headers["Cache-Control"]
        assert "public" in cache and "max-age=60" in cache and "stale-while-revalidate=300" in cache
        assert "csrftoken" not in response.cookies
        assert client.head(localised("en", "parliament:debate", record.story.pk)).status_code == 200

    @pytest.mark.parametrize("language", ["en", "cy"])
    def test_unknown_ids_are_404(self, client, record, language):
        assert client.get(localised(language, "parliament:debate", 999_999)).status_code == 404
        assert client.get(localised(language, "parliament:member", "nobody")).status_code == 404

    def test_the_debate_list_shows_every_debate_newest_first(self, client, record):
        _, html = get(client, "en", "parliament:debates")
        assert in_order(
            html,
            record.scheduled.title_en,
            record.later.title_en,
            record.tied.title_en,
            record.story.title_en,
        )
        assert record.hidden_petition.action_en not in html
        _, welsh = get(client, "cy", "parliament:debates")
        assert record.story.title_cy in welsh and record.story.title_en not in welsh

    def test_the_page_costs_the_same_queries_however_many_votes(
        self, client, record, django_assert_num_queries
    ):
        # The debate, motions, co-signatories, amendments, votes, member votes, petitions,
        # and the site switches every page reads for its banner (deiseb.switches).
        for debate in (record.story, record.tied):
            with django_assert_num_queries(8):
                get(client, "en", "parliament:debate", debate.pk)


class TestMemberPage:
    def test_it_shows_seats_roles_votes_motions_and_petitions(self, client, record):
        _, html = get(client, "en", "parliament:member", record.ann.slug)
        assert "Ann Jones" in html and "Welsh Labour" in html
        assert "Member for Caerdydd Penarth" in html  # the latest seat
        assert "Cardiff Central" in html and "Sixth Senedd" in html
        assert "Cabinet Secretary for Social Justice" in html
        votes = html[html.index("<h2>Votes</h2>") :]
        assert record.tied.title_en in votes and "Motion NDM8900" in votes and ">For<" in votes
        assert "Tabled amendment 2 to motion NDM8812" in html and "Deselected" in html
        assert "Moved motion NDM8900" in html
        assert record.petition.action_en in html  # tabled an amendment in the story debate
        assert record.hidden_petition.action_en not in html
        assert f'href="/data/member-votes.csv?member={record.ann.slug}"' in html

    def test_a_member_with_no_recorded_votes_is_told_so(self, client, record):
        record.ceri.votes.all().delete()
        _, html = get(client, "en", "parliament:member", record.ceri.slug)
        assert "No votes by this member are recorded here." in html

    def test_it_is_in_welsh_on_the_welsh_page(self, client, record):
        _, html = get(client, "cy", "parliament:member", record.ann.slug)
        assert "Ysgrifennydd y Cabinet dros Gyfiawnder Cymdeithasol" in html
        assert "Canol Caerdydd" in html and "Llafur Cymru" in html
        assert "Cabinet Secretary for Social Justice" not in html

    def test_the_member_list_groups_a_term_by_party(self, client, record):
        _, html = get(client, "en", "parliament:members")  # the term sitting today
        response = client.get(localised("en", "parliament:members", query="term=6"))
        html = response.content.decode()
        assert "Sixth Senedd" in html
        labour = html[html.index('id="party-welsh-labour"') :]
        assert "Ann Jones" in labour[: labour.index("</section>")]
        plaid = html[html.index('id="party-plaid-cymru"') :]
        plaid = plaid[: plaid.index("</section>")]
        assert "Bryn Owen" in plaid and "Elin Jones" in plaid and "Ann Jones" not in plaid
        assert "Eluned Price" not in html
        seventh = client.get(localised("en", "parliament:members", query="term=7"))
        assert "Eluned Price" in seventh.content.decode()

    def test_a_bad_term_is_404(self, client, record):
        assert client.get(localised("en", "parliament:members", query="term=x")).status_code == 404
        assert client.get(localised("en", "parliament:members", query="term=9")).status_code == 404
