"""The map of where signers live: which boundaries it is drawn on, its figures, and the page."""

import datetime
import math
import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from deiseb.geography.models import Constituency
from deiseb.geography.outlines import geometry_path
from deiseb.signatures import maps
from deiseb.signatures.models import ConstituencyCount
from tests.factories import (
    ClosedPetitionFactory,
    OpenPetitionFactory,
    RejectedPetitionFactory,
    SponsoredPetitionFactory,
)
from tests.geography.conftest import square
from tests.helpers import localised

pytestmark = pytest.mark.django_db

OLD_FROM, OLD_TO = datetime.date(2007, 5, 3), datetime.date(2026, 5, 6)
NEW_FROM = datetime.date(2026, 5, 7)


def seat(code, name_en, name_cy, population, *, old, west=-3.2, outline=True):
    geometry = {"type": "Polygon", "coordinates": [square(west, 51.5)]}
    return Constituency.objects.create(
        code=code,
        name_en=name_en,
        name_cy=name_cy,
        population=population,
        outline=geometry_path(geometry) if outline else "",
        valid_from=OLD_FROM if old else NEW_FROM,
        valid_to=OLD_TO if old else None,
        members=1 if old else 6,
    )


@pytest.fixture
def sets():
    """Two boundary sets: the old one of three constituencies, the new one of two."""
    old = [
        seat("W09000031", "Cardiff Central", "Canol Caerdydd", 80_000, old=True),
        seat("W09000025", "Cardiff North", "Gogledd Caerdydd", 70_000, old=True, west=-3.1),
        seat("W09000022", "Swansea West", "Gorllewin Abertawe", 60_000, old=True, west=-4.0),
    ]
    new = [
        seat("W09000053", "Caerdydd Penarth", "Caerdydd Penarth", 200_000, old=False),
        seat("W09000059", "Gŵyr Abertawe", "Gŵyr Abertawe", 210_000, old=False, west=-4.0),
    ]
    return {"old": old, "new": new}


def counted(petition, **counts):
    for code, count in counts.items():
        ConstituencyCount.objects.create(petition=petition, constituency_id=code, count=count)
    return petition


def opened_on(day: datetime.date):
    opened = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    return ClosedPetitionFactory(
        opened_at=opened,
        closes_at=opened + datetime.timedelta(days=90),
        closed_at=opened + datetime.timedelta(days=90),
        validated_at=opened - datetime.timedelta(days=2),
        sponsored_at=opened - datetime.timedelta(days=1),
    )


def render(petition, language="en") -> str:
    with translation.override(language):
        template = Template("{% load signature_maps %}{% signature_map petition %}")
        return template.render(Context({"petition": petition}))


class Table(HTMLParser):
    """The map's table as rows of cell text: body and foot."""

    def __init__(self, html):
        super().__init__()
        self.section, self.rows, self.cell = None, {"tbody": [], "tfoot": []}, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("tbody", "tfoot"):
            self.section = tag
        elif tag == "tr" and self.section:
            self.rows[self.section].append([])
        elif tag in ("th", "td") and self.section:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.rows[self.section][-1].append(self.cell.strip())
            self.cell = None
        elif tag in ("tbody", "tfoot"):
            self.section = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def number(text: str) -> int:
    return int(text.replace(",", ""))


class TestBoundaries:
    def test_a_petition_from_before_may_2026_is_drawn_on_the_40(self, sets):
        petition = counted(opened_on(datetime.date(2025, 2, 12)), W09000031=5)
        drawn = maps.signature_map(petition)
        assert {a.constituency.code for a in drawn.areas} == {c.code for c in sets["old"]}
        assert (drawn.valid_from, drawn.valid_to) == (OLD_FROM, OLD_TO)

    def test_a_later_petition_is_drawn_on_the_16(self, sets):
        petition = counted(OpenPetitionFactory(), W09000053=5)
        drawn = maps.signature_map(petition)
        assert {a.constituency.code for a in drawn.areas} == {c.code for c in sets["new"]}
        assert (drawn.valid_from, drawn.valid_to) == (NEW_FROM, None)

    def test_without_counts_the_day_it_opened_decides(self, sets):
        assert maps.signature_map(opened_on(OLD_TO)).valid_from == OLD_FROM
        assert maps.signature_map(opened_on(NEW_FROM)).valid_from == NEW_FROM

    def test_the_counts_outweigh_the_opening_day(self, sets):
        """Opened on the old boundaries, most signed after 7 May 2026: the new set, and the
        old set's few signatures are said to be left out."""
        petition = counted(
            opened_on(datetime.date(2026, 4, 1)), W09000031=3, W09000025=4, W09000053=50
        )
        drawn = maps.signature_map(petition)
        assert drawn.valid_from == NEW_FROM
        assert drawn.elsewhere == 7
        assert "7 signatures were counted in constituencies of other boundaries" in render(petition)


class TestFigures:
    def test_per_head_comes_from_the_population(self, sets):
        Constituency.objects.filter(code="W09000025").update(population=200_000)
        petition = counted(opened_on(datetime.date(2025, 2, 12)), W09000031=40, W09000025=1)
        areas = {a.constituency.code: a for a in maps.signature_map(petition).areas}
        assert areas["W09000031"].rate == pytest.approx(5.0)  # 40 in 80,000
        assert areas["W09000031"].rate_text == "5.0"
        assert areas["W09000025"].rate_text == "0.05"  # 1 in 200,000: two places, not 0.1
        assert areas["W09000022"].rate == 0 and areas["W09000022"].fill == maps.NO_SIGNATURES_FILL

    def test_the_table_lists_every_constituency_most_first_and_sums_to_the_counts(self, sets):
        petition = counted(opened_on(datetime.date(2025, 2, 12)), W09000031=1200, W09000022=3400)
        table = Table(render(petition))
        body, foot = table.rows["tbody"], table.rows["tfoot"]
        assert [row[0] for row in body] == ["Swansea West", "Cardiff Central", "Cardiff North"]
        assert [number(row[1]) for row in body] == [3400, 1200, 0]
        assert [row[2] for row in body] == ["566.7", "150.0", "0.0"]
        assert foot == [["All constituencies", "4,600", "219.0"]]  # 4,600 in 210,000
        assert sum(number(row[1]) for row in body) == number(foot[0][1])

    def test_five_steps_reach_the_highest_rate_and_the_legend_says_them(self, sets):
        petition = counted(opened_on(datetime.date(2025, 2, 12)), W09000031=1200, W09000022=3400)
        drawn = maps.signature_map(petition)
        assert len(drawn.steps) == 5
        assert drawn.steps[-2].high < 566.7 <= drawn.steps[-1].high  # the darkest is used
        fills = {a.constituency.code: a.fill for a in drawn.areas}
        assert fills["W09000022"] == maps.STEP_FILLS[-1]
        assert fills["W09000031"] not in (maps.STEP_FILLS[-1], maps.NO_SIGNATURES_FILL)
        html = render(petition)
        for step in drawn.steps[1:]:
            assert f"over {step.low_text}, up to {step.high_text}" in html

    @pytest.mark.parametrize("highest", [0.04, 0.3, 1, 5.6, 37.2, 999, 12_345])
    def test_the_steps_are_plain_and_cover_the_range(self, highest):
        steps = maps.steps_for(highest)
        assert steps[0].low == 0 and steps[-1].high >= highest
        assert steps[-2].high < highest  # no empty darkest step
        size = steps[0].high
        assert any(size / 10 ** math.floor(math.log10(size)) == pytest.approx(n) for n in maps.NICE)

    def test_an_unknown_population_is_grey_and_said(self, sets):
        Constituency.objects.filter(code="W09000025").update(population=None)
        petition = counted(opened_on(datetime.date(2025, 2, 12)), W09000025=10)
        html = render(petition)
        assert maps.NO_FIGURE_FILL in html and "no population figure" in html
        row = next(r for r in Table(html).rows["tbody"] if r[0] == "Cardiff North")
        assert row == ["Cardiff North", "10", "not known"]


class TestMarkup:
    def test_one_path_per_outlined_constituency_with_its_title(self, sets):
        Constituency.objects.filter(code="W09000025").update(outline="")
        petition = counted(opened_on(datetime.date(2025, 2, 12)), W09000031=12)
        html = render(petition)
        assert html.count("<path ") == 2  # Cardiff North has no outline: table only
        assert "<title>Cardiff Central: 12 signatures, 1.5 per 10,000 people</title>" in html
        assert "Cardiff North" in html
        assert re.search(r'<svg [^>]*role="img" aria-labelledby="([^"]+)"', html)
        ids = re.search(r'aria-labelledby="([^"]+)"', html).group(1).split()
        assert all(f'id="{name}"' in html for name in ids)

    def test_without_outlines_the_table_stands_alone(self, sets):
        Constituency.objects.update(outline="")
        html = render(counted(opened_on(datetime.date(2025, 2, 12)), W09000031=12))
        assert "<svg" not in html and "<figure" not in html
        assert Table(html).rows["tfoot"] == [["All constituencies", "12", "0.6"]]

    def test_welsh_names_and_words_on_the_welsh_page(self, sets):
        petition = counted(opened_on(datetime.date(2025, 2, 12)), W09000031=12)
        html = render(petition, "cy")
        assert "Canol Caerdydd" in html and "Gorllewin Abertawe" in html
        assert "Cardiff Central" not in html and "Swansea West" not in html
        assert 'href="/cy/' in html

    def test_names_are_escaped_and_there_is_no_script(self, sets):
        Constituency.objects.filter(code="W09000031").update(
            name_en='<script>alert("x")</script> & Co'
        )
        petition = counted(opened_on(datetime.date(2025, 2, 12)), W09000031=12)
        html = render(petition)
        assert "<script" not in html.lower()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
        assert not re.search(r"\son\w+=", html)  # no event handlers either
        assert " style=" not in html  # nothing the CSP's style-src-elem would need

    def test_nothing_for_a_rejected_or_unsigned_petition(self, sets):
        rejected = counted(RejectedPetitionFactory(), W09000053=5)
        assert render(rejected).strip() == ""
        assert render(OpenPetitionFactory()).strip() == ""
        unpublished = counted(SponsoredPetitionFactory(), W09000053=5)
        assert render(unpublished).strip() == ""


class TestPetitionPage:
    """Run on both databases by the usual passes (SQLite, and DATABASE_URL=postgres://…)."""

    def test_the_page_shows_the_map_and_table(self, client, sets):
        petition = counted(OpenPetitionFactory(), W09000053=30, W09000059=21)
        html = client.get(localised("en", "petitions:detail", petition.pk)).content.decode()
        assert "<h2" in html and "Where signers live" in html
        section = html[html.index("Where signers live") :]
        assert section.count("<path ") == 2
        assert "Caerdydd Penarth: 30 signatures, 1.5 per 10,000 people" in section
        assert "/static/signatures/map.css" in html
        assert Table(section).rows["tfoot"] == [["All constituencies", "51", "1.2"]]

    def test_the_welsh_page(self, client, sets):
        petition = counted(opened_on(datetime.date(2025, 2, 12)), W09000022=30)
        html = client.get(localised("cy", "petitions:detail", petition.pk)).content.decode()
        rows = Table(html[html.index('class="signature-map"') :]).rows["tbody"]
        assert rows[0] == ["Gorllewin Abertawe", "30", "5.0"]
