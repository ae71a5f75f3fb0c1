"""The CSV files open in a spreadsheet as data: nothing in them runs as a formula."""

import csv
import io

import pytest

from deiseb.lib import spreadsheets
from tests.parliament import scenario

pytestmark = pytest.mark.django_db


def rows(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_text_a_spreadsheet_would_run_goes_out_defused(client):
    record = scenario.build()
    record.story.title_en = '=HYPERLINK("http://evil.example","Click")'
    record.story.title_cy = "  +SUM(1,2)"
    record.story.save()
    record.ann.name_en = "@cmd"
    record.ann.name_cy = "\tTab"
    record.ann.save()
    by_title = {row["debate_id"]: row for row in rows(client, "/data/votes.csv")}
    story = by_title[f"debate-{record.story.pk}"]
    assert story["debate_title_en"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert story["debate_title_cy"] == "'  +SUM(1,2)"
    ann = next(
        row for row in rows(client, "/data/member-votes.csv") if row["voter_id"] == "ann-jones"
    )
    assert ann["name_en"] == "'@cmd"
    assert ann["name_cy"] == "'\tTab"


def test_numbers_stay_numbers(client):
    scenario.build()
    without_amendment = rows(client, "/data/votes.csv")[0]
    assert without_amendment["for"] == "13" and without_amendment["against"] == "34"
    assert without_amendment["position"] == "1"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+44 29 2089 8888", "'+44 29 2089 8888"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        (" \n =1", "' \n =1"),
        ("Plain text = fine", "Plain text = fine"),
        ("", ""),
        (-2, -2),
        (30, 30),
        (None, None),
    ],
)
def test_the_writer_defuses_only_text(cell, written):
    assert spreadsheets.neutralise(cell) == written
