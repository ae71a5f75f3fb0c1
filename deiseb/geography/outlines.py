"""Constituency outlines as SVG path data, projected once at import so pages only print them.

Wales is small enough for an equirectangular projection: longitudes are shrunk by the cosine
of a middle latitude (52.4°) so the country keeps its shape, and every boundary set is drawn
into the same frame, so a 2007–2026 map and a 2026 map line up and share one viewBox. Points
are simplified (Douglas–Peucker) to what a phone-sized map can show and written in tenths of
a unit as relative moves, which keeps the 16 detailed DBCC outlines to a few tens of kilobytes.
"""

import math
from collections.abc import Iterable, Sequence

# The frame: a little wider than the furthest islands in both sets (Grassholm, Ynys Môn).
WEST, EAST = -5.55, -2.6
SOUTH, NORTH = 51.33, 53.48
MIDDLE_LATITUDE = 52.4
UNITS_PER_DEGREE = 220
X_SCALE = UNITS_PER_DEGREE * math.cos(math.radians(MIDDLE_LATITUDE))
WIDTH = math.ceil((EAST - WEST) * X_SCALE)
HEIGHT = math.ceil((NORTH - SOUTH) * UNITS_PER_DEGREE)
VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"

# In SVG units: about 200 m on the ground; less than a pixel on a phone-sized map.
TOLERANCE = 0.35
# Islets smaller than this (in square units, about 0.1 km²) vanish at any size we draw.
MIN_RING_AREA = 0.5

Point = tuple[float, float]


def project(longitude: float, latitude: float) -> Point:
    return (longitude - WEST) * X_SCALE, (NORTH - latitude) * UNITS_PER_DEGREE


def _distance_to_segment(point: Point, start: Point, end: Point) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:  # a closed ring's two ends are one point
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(points: Sequence[Point], tolerance: float = TOLERANCE) -> list[Point]:
    """Douglas–Peucker, with a stack rather than recursion (rings have thousands of points)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = 0, tolerance
        for index in range(first + 1, last):
            d = _distance_to_segment(points[index], points[first], points[last])
            if d > distance:
                farthest, distance = index, d
        if farthest:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _area(points: Sequence[Point]) -> float:
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False)) / 2
    )


def _tenths(value: int) -> str:
    """12 -> "1.2", -3 -> "-.3", 20 -> "2": the shortest SVG number for a count of tenths."""
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def ring_path(ring: Iterable[Sequence[float]]) -> str:
    """One closed subpath: an absolute move, then relative lines between rounded points.

    The deltas are taken between already-rounded points, so rounding never accumulates.
    """
    projected = [project(lon, lat) for lon, lat, *_ in ring]
    if len(projected) < 4 or _area(projected) < MIN_RING_AREA:
        return ""
    rounded: list[tuple[int, int]] = []
    for x, y in simplify(projected):
        point = (round(x * 10), round(y * 10))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if len(rounded) > 1 and rounded[-1] == rounded[0]:
        rounded.pop()  # Z closes the ring
    if len(rounded) < 3:
        return ""
    (x0, y0), parts = rounded[0], []
    for (ax, ay), (bx, by) in zip(rounded, rounded[1:], strict=False):
        dx, dy = _tenths(bx - ax), _tenths(by - ay)
        parts.append(f"{dx}{dy if dy.startswith('-') else ',' + dy}")
    return f"M{_tenths(x0)},{_tenths(y0)}l{' '.join(parts)}z"


def geometry_path(geometry: dict) -> str:
    """Path data for a GeoJSON Polygon or MultiPolygon (holes draw with fill-rule evenodd)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"not a polygon: {kind}")
    return "".join(ring_path(ring) for polygon in polygons for ring in polygon)
