"""The petition page's chart of signatures over time, drawn as SVG on the server.

Drawn here rather than with pygal: even with `js=[]` pygal writes an inline `<script>` and a
`<style>` element into its SVG, both of which the site's CSP refuses, and a new random id on
every render, which would change the page's ETag each time. This SVG needs neither: colours are
presentation attributes, so it reads the same without the stylesheet. It is a picture with a
summary in words; the table beside it (see the template) is what screen readers read.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from deiseb.signatures import history

# The scale stretches to the next threshold only while the total is at least this share of it,
# so the line never lies flat along the bottom of a box sized for a far-off goal.
GOAL_IN_VIEW = 0.25
# A petition whose history spans this many local days or fewer is plotted by the hour.
HOURLY_UP_TO_DAYS = 3
# The table of days is folded away in a <details> past this many rows.
TABLE_OPEN_UP_TO = 14

# The drawing's own units: the SVG scales to its box, so these fix proportions and text size.
WIDTH, HEIGHT = 480, 280
LEFT, RIGHT, TOP, BOTTOM = 76, 20, 28, 52
X_TICKS = 4
Y_TICKS = 4


@dataclass(frozen=True)
class Tick:
    at: float
    label: str
    second_line: str = ""
    anchor: str = "middle"  # the first and last labels align with the plot's edges


@dataclass(frozen=True)
class Threshold:
    y: float
    value: int
    label: str


@dataclass(frozen=True)
class Chart:
    """Everything the template draws, already placed and already in the page's language."""

    by_hour: bool
    line: str
    area: str
    last: tuple[float, float]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    thresholds: list[Threshold]
    summary: str
    days: list  # history.Point by local day, for the table
    table_open: bool
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def signature_chart(petition) -> Chart | None:
    """The petition's chart, or None before any signature is counted."""
    points, days, by_hour = series(petition)
    if not days:
        return None
    return draw(points, days=days, by_hour=by_hour, thresholds=_thresholds(petition))


def series(petition) -> tuple[list, list, bool]:
    """The totals to plot, the days for the table, and whether the plot is by the hour.

    A young petition's few days would make a line of two or three points, so it is drawn by
    the hour instead; the share image's sparkline uses the same choice.
    """
    days = history.daily(petition)
    by_hour = 0 < len(days) <= HOURLY_UP_TO_DAYS
    return (history.hourly(petition) if by_hour else days), days, by_hour


def _thresholds(petition) -> list[tuple[int, str]]:
    return [
        (petition.referral_threshold, _("Petitions Committee")),
        (petition.debate_threshold, _("Considered for debate")),
    ]


def draw(points, *, days, by_hour: bool, thresholds: list[tuple[int, str]]) -> Chart:
    """Place the running totals of `points` (oldest first) and the thresholds they aim for.

    The scale reaches the next threshold not yet crossed once the total is within sight of it,
    so the line rises towards its goal; a threshold above the scale is left off the drawing
    (the summary and the page's progress bar still name it).
    """
    last_total = points[-1].total
    top = max(last_total, 1)
    goal = min((value for value, _label in thresholds if value > last_total), default=0)
    if last_total >= goal * GOAL_IN_VIEW:
        top = max(top, goal)
    step = _nice_step(top / Y_TICKS)
    y_max = step * math.ceil(top / step)

    def x(index: int) -> float:
        if len(points) == 1:
            return (LEFT + WIDTH - RIGHT) / 2
        return LEFT + (WIDTH - RIGHT - LEFT) * index / (len(points) - 1)

    def y(value: int) -> float:
        return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * value / y_max

    placed = [(round(x(i), 1), round(y(point.total), 1)) for i, point in enumerate(points)]
    line = " ".join(f"{px},{py}" for px, py in placed)
    baseline = HEIGHT - BOTTOM
    area = f"M{placed[0][0]},{baseline} L{line.replace(' ', ' L')} L{placed[-1][0]},{baseline} Z"
    return Chart(
        by_hour=by_hour,
        line=line,
        area=area,
        last=placed[-1],
        x_ticks=_x_ticks(points, x, by_hour),
        y_ticks=[Tick(round(y(value), 1), _number(value)) for value in range(0, y_max + 1, step)],
        thresholds=[
            Threshold(round(y(value), 1), value, f"{label}: {_number(value)}")
            for value, label in thresholds
            if value <= y_max
        ],
        summary=_summary(days, thresholds),
        days=days,
        table_open=len(days) <= TABLE_OPEN_UP_TO,
    )


def _nice_step(rough: float) -> int:
    """The 1, 2, 2.5 or 5 times a power of ten at or above `rough`: steps people count in."""
    power = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    steps = (m * power for m in (1, 2, 2.5, 5, 10))
    return next(int(step) for step in steps if step >= rough and step == int(step))


def _x_ticks(points, x, by_hour: bool) -> list[Tick]:
    count = len(points)
    indexes = sorted({round(k * (count - 1) / (X_TICKS - 1)) for k in range(X_TICKS)})
    ticks, shown_day = [], None
    for index in indexes:
        anchor = "middle"
        if count > 1 and index in (0, count - 1):
            anchor = "start" if index == 0 else "end"
        at = points[index].at
        if not by_hour:
            ticks.append(Tick(round(x(index), 1), day_label(at), anchor=anchor))
            continue
        local = timezone.localtime(at)
        # The day under the time only where it changes, as a printed timetable does.
        day = day_label(local.date()) if local.date() != shown_day else ""
        shown_day = local.date()
        ticks.append(Tick(round(x(index), 1), formats.time_format(local, "H:i"), day, anchor))
    return ticks


def day_label(day: date | datetime) -> str:
    return formats.date_format(day, "j M")


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def _summary(days, thresholds) -> str:
    first, last = days[0], days[-1]
    text = ngettext(
        "%(total)s signature by %(end)s, counted from %(start)s.",
        "%(total)s signatures by %(end)s, counted from %(start)s.",
        last.total,
    ) % {
        "total": _number(last.total),
        "start": formats.date_format(first.at, "j F Y"),
        "end": formats.date_format(last.at, "j F Y"),
    }
    for value, label in thresholds:
        reached = next((day for day in days if day.total >= value), None)
        if reached:
            text += " " + _("%(label)s (%(count)s) reached on %(date)s.") % {
                "label": label,
                "count": _number(value),
                "date": formats.date_format(reached.at, "j F Y"),
            }
    return text
