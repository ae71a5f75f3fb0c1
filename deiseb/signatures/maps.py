"""The map of a petition's signatures by Senedd constituency, drawn on the server as SVG.

Each petition is drawn on the boundaries of its own time: the set its constituency counts are
in (signatures are placed in the constituency in force the day they are made), or, before it
has any, the set in force the day it opened. Areas are shaded in five equal steps of
signatures per 10,000 people, with the steps rounded to plain numbers so the legend reads
easily; the table beside the map carries the same figures for screen readers. The outlines
were projected at import (geography.outlines), so drawing is printing stored path data.
"""

import datetime
import math
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import number_format

from deiseb.geography.models import Constituency
from deiseb.geography.outlines import VIEWBOX
from deiseb.petitions.models import Petition
from deiseb.signatures.models import ConstituencyCount

PER = 10_000
STEPS = 5
# Light to dark in the site's purple; each darker step differs in lightness, not only hue,
# so the order survives greyscale and colour-blind eyes. Borders are drawn in near-black.
NO_SIGNATURES_FILL = "#ffffff"
NO_FIGURE_FILL = "#b1b4b6"
STEP_FILLS = ("#e4dff0", "#bfb2dc", "#967ac6", "#6a479f", "#33205a")
# Step sizes are one of these times a power of ten, close enough together that the darkest
# step is rarely left empty (a rate of 5.6 gets steps of 1.2, not 2).
NICE = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


@dataclass(frozen=True)
class Step:
    number: int  # 1 to STEPS
    low: float
    high: float
    fill: str
    places: int

    @property
    def low_text(self) -> str:
        return number_format(self.low, self.places, force_grouping=True)

    @property
    def high_text(self) -> str:
        return number_format(self.high, self.places, force_grouping=True)


@dataclass(frozen=True)
class Area:
    constituency: Constituency
    count: int
    rate: float | None  # signatures per PER people; None when the population is unknown
    fill: str

    @property
    def rate_text(self) -> str:
        return rate_text(self.rate)


@dataclass(frozen=True)
class SignatureMap:
    petition: Petition
    areas: list[Area]  # most signatures first
    steps: list[Step]
    valid_from: datetime.date | None  # None: no constituencies imported
    valid_to: datetime.date | None
    elsewhere: int  # signatures counted on another boundary set, not on this map
    viewbox: str = VIEWBOX

    @property
    def drawn(self) -> list[Area]:
        """The areas with an outline, in a fixed order, so the SVG does not shuffle."""
        return sorted(
            (a for a in self.areas if a.constituency.outline), key=lambda a: a.constituency.code
        )

    @property
    def total(self) -> int:
        return sum(area.count for area in self.areas)

    @property
    def total_rate_text(self) -> str:
        populations = [area.constituency.population for area in self.areas]
        if None in populations:
            return ""
        return rate_text(rate(self.total, sum(populations)))

    @property
    def has_unknown_population(self) -> bool:
        return any(area.rate is None for area in self.areas)


def rate(count: int, population: int | None) -> float | None:
    return count * PER / population if population else None


def rate_text(value: float | None) -> str:
    """One decimal, or two for the smallest rates (one signer in 200,000 is 0.05)."""
    if value is None:
        return ""
    places = 2 if 0 < value < 0.1 else 1
    # Rounded first: number_format cuts a float off at the places rather than rounding it.
    return number_format(round(value, places), places, force_grouping=True)


def step_size(highest: float) -> float:
    """The smallest plain number that splits 0..highest into STEPS steps."""
    if highest <= 0:
        return 1
    rough = highest / STEPS
    power = 10 ** math.floor(math.log10(rough))
    for nice in NICE:
        # A little slack so that float error never pushes the top rate past the last step.
        if nice * power * (1 + 1e-9) >= rough:
            return nice * power
    return 10 * power


def steps_for(highest: float) -> list[Step]:
    size = step_size(highest)
    places = next(p for p in range(12) if abs(round(size, p) - size) < size * 1e-6)
    return [
        Step(number, round((number - 1) * size, places), round(number * size, places), fill, places)
        for number, fill in enumerate(STEP_FILLS, start=1)
    ]


def fill_for(value: float | None, steps: list[Step]) -> str:
    if value is None:
        return NO_FIGURE_FILL
    if value <= 0:
        return NO_SIGNATURES_FILL
    for step in steps:
        if value <= step.high:
            return step.fill
    return steps[-1].fill


def boundary_date(petition: Petition, counts: dict[str, int], sets: dict[str, datetime.date]):
    """The first day of the set most of its placed signatures are in, else the day it opened."""
    by_set: dict[datetime.date, int] = {}
    for code, count in counts.items():
        by_set[sets[code]] = by_set.get(sets[code], 0) + count
    if by_set:
        return max(by_set, key=lambda day: (by_set[day], day))
    opened = petition.opened_at or petition.created_at
    return timezone.localdate(opened)


def signature_map(petition: Petition) -> SignatureMap:
    """Two queries: the petition's counts with their sets, and the set's constituencies."""
    rows = list(
        ConstituencyCount.objects.filter(petition=petition, count__gt=0).values_list(
            "constituency_id", "constituency__valid_from", "count"
        )
    )
    counts = {code: count for code, _valid_from, count in rows}
    sets = {code: valid_from for code, valid_from, _count in rows}
    constituencies = list(
        Constituency.objects.in_force(boundary_date(petition, counts, sets)).order_by("code")
    )
    shown = {constituency.code for constituency in constituencies}
    rates = {c.code: rate(counts.get(c.code, 0), c.population) for c in constituencies}
    steps = steps_for(max((r for r in rates.values() if r is not None), default=0))
    areas = [
        Area(c, counts.get(c.code, 0), rates[c.code], fill_for(rates[c.code], steps))
        for c in constituencies
    ]
    areas.sort(key=lambda area: (-area.count, area.constituency.name))
    first = constituencies[0] if constituencies else None
    return SignatureMap(
        petition=petition,
        areas=areas,
        steps=steps,
        valid_from=first.valid_from if first else None,
        valid_to=first.valid_to if first else None,
        elsewhere=sum(count for code, count in counts.items() if code not in shown),
    )
