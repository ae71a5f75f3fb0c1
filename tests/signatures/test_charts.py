"""The petition page's chart of signatures over time: what it plots, and its table of days."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deiseb.signatures.counting import count_signatures
from tests.factories import OpenPetitionFactory, RejectedPetitionFactory, ValidatedSignatureFactory
from tests.helpers import localised

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def signed(petition, *batches: tuple[datetime.datetime, int]):
    """Confirm `n` signatures at each time, counting after each batch as the counter would."""
    for at, n in batches:
        with time_machine.travel(at, tick=False):
            ValidatedSignatureFactory.create_batch(n, petition=petition)
            count_signatures()
    petition.refresh_from_db()
    return petition


def at(day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, tzinfo=LONDON)


def chart_section(client, petition, language="en") -> str:
    html = client.get(localised(language, "petitions:detail", petition.pk)).content.decode()
    match = re.search(r'<section class="signature-chart".*?</section>', html, re.S)
    return match.group(0) if match else ""


def plotted_totals(section: str) -> list[int]:
    """Read the line's points back into totals, through the y axis's own labelled ticks."""
    ticks = [
        (float(y), int(label.replace(",", "")))
        for y, label in re.findall(r'<text x="\d+" y="([\d.]+)" dy="5">([\d,]+)</text>', section)
    ]
    (zero_y, zero), (top_y, top) = ticks[0], ticks[-1]
    assert zero == 0
    points = re.search(r'<polyline points="([^"]+)"', section).group(1).split()
    return [round((zero_y - float(p.split(",")[1])) / (zero_y - top_y) * top) for p in points]


def table_rows(section: str) -> list[tuple[str, str, str]]:
    body = re.search(r"<tbody>(.*?)</tbody>", section, re.S).group(1)
    return re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="numeric">([^<]+)</td>'
        r'<td class="numeric">([^<]+)</td></tr>',
        body,
    )


def test_it_plots_the_running_total_day_by_day_with_every_day_in_the_table(client):
    petition = signed(OpenPetitionFactory(), (at(1), 5), (at(3), 2), (at(5), 10))

    section = chart_section(client, petition)

    assert plotted_totals(section) == [5, 5, 7, 7, 17]
    assert table_rows(section) == [
        ("1 November 2026", "5", "5"),
        ("2 November 2026", "0", "5"),
        ("3 November 2026", "2", "7"),
        ("4 November 2026", "0", "7"),
        ("5 November 2026", "10", "17"),
    ]
    assert 'scope="col"' in section and "<caption" in section
    assert "<details" not in section  # five rows are short enough to show
    assert re.search(r"<desc[^>]*>17 signatures by 5 November 2026", section)


def test_it_plots_a_young_petition_hour_by_hour(client):
    petition = signed(OpenPetitionFactory(), (at(2, 10), 3), (at(2, 11), 1), (at(2, 14), 4))

    section = chart_section(client, petition)

    assert plotted_totals(section) == [3, 4, 4, 4, 8]  # 10:00 to 14:00, quiet hours kept
    assert ">10:00</text>" in section and ">14:00</text>" in section
    assert table_rows(section) == [("2 November 2026", "8", "8")]


def test_it_draws_the_threshold_in_sight_and_leaves_a_far_one_off(client):
    petition = signed(
        OpenPetitionFactory(referral_threshold=20, debate_threshold=10_000),
        *((at(day), 3) for day in range(1, 6)),
    )

    section = chart_section(client, petition)

    assert re.findall(r'data-threshold="(\d+)"', section) == ["20"]
    line_y = float(re.search(r'data-threshold="20">\s*<line[^>]* y1="([\d.]+)"', section)[1])
    ticks = dict(re.findall(r'y="([\d.]+)" dy="5">([\d,]+)<', section))
    assert ticks[str(line_y)] == "20"  # the scale runs up to the goal, labelled there
    assert max(plotted_totals(section)) == 15


def test_it_draws_both_thresholds_once_both_are_passed(client):
    petition = signed(
        OpenPetitionFactory(referral_threshold=5, debate_threshold=10),
        (at(1), 6),
        (at(4), 6),
    )

    section = chart_section(client, petition)

    assert re.findall(r'data-threshold="(\d+)"', section) == ["5", "10"]
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", section, re.S).group(1)
    assert "(5) reached on 1 November 2026" in desc
    assert "(10) reached on 4 November 2026" in desc


def test_it_labels_dates_in_welsh_on_the_welsh_page(client):
    petition = signed(OpenPetitionFactory(), (at(1), 1_500), (at(5), 1))

    section = chart_section(client, petition, "cy")

    assert ">1 Tach</text>" in section and ">5 Tach</text>" in section
    assert ("1 Tachwedd 2026", "1,500", "1,500") in table_rows(section)
    assert "November" not in section and "Nov<" not in section


def test_a_long_history_folds_its_table_away(client):
    petition = signed(OpenPetitionFactory(), (at(1), 1), (at(20), 1))

    section = chart_section(client, petition)

    assert "<details" in section
    assert len(table_rows(section)) == 20


def test_the_chart_is_a_picture_with_no_script(client):
    petition = signed(OpenPetitionFactory(), (at(1), 2), (at(6), 2))

    section = chart_section(client, petition)

    assert re.search(r'<svg [^>]*role="img"[^>]*aria-labelledby="signature-chart-title', section)
    assert "<title" in section and "<desc" in section
    assert "<script" not in section and "<style" not in section


def test_no_chart_before_any_signature_is_counted(client):
    petition = OpenPetitionFactory()
    ValidatedSignatureFactory(petition=petition)  # confirmed, not yet counted

    assert chart_section(client, petition) == ""


def test_no_chart_on_a_rejected_petition(client):
    petition = RejectedPetitionFactory()

    response = client.get(localised("en", "petitions:detail", petition.pk))

    assert response.status_code == 200
    assert b"signature-chart" not in response.content
