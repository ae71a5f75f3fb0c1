"""Geography fixtures: two boundary sets (old and new) with one constituency each, and a
small data directory written the way the real open data files are."""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from deiseb.geography.models import Constituency, Region
from tests.factories import ConstituencyFactory, constituency


@dataclass
class Boundaries:
    region: Region
    old: Constituency
    new: Constituency


@pytest.fixture
def boundaries(db) -> Boundaries:
    old = ConstituencyFactory()  # Cardiff Central, in South Wales Central
    new = constituency(postcodes=())  # Caerdydd Penarth
    return Boundaries(old.region, old, new)


def square(west: float, south: float, size: float = 0.1) -> list[list[float]]:
    """A closed ring, in longitude and latitude, as GeoJSON writes one."""
    east, north = west + size, south + size
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


def feature(code: str, *rings_or_polygons, multi: bool = False) -> dict:
    if multi:
        geometry = {"type": "MultiPolygon", "coordinates": [list(p) for p in rings_or_polygons]}
    else:
        geometry = {"type": "Polygon", "coordinates": list(rings_or_polygons)}
    return {"type": "Feature", "properties": {"code": code}, "geometry": geometry}


def write_csv(path: Path, header: list[str], rows: list[list], *, quote_all: bool = False):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)


class DataDir:
    """A miniature copy of the open data directory, with the real files' headers."""

    REGION_HEADER = [
        "code", "name_en", "name_cy", "population", "start_date", "end_date", "constituency_codes"
    ]  # fmt: skip
    OLD_HEADER = [
        "code", "name_en", "name_cy", "region_code", "region_name_en", "region_name_cy",
        "population", "example_postcode", "start_date", "end_date",
    ]  # fmt: skip
    NEW_HEADER = [
        "code", "dbcc_number", "name_en", "name_cy", "members", "pcon24_code_1",
        "pcon24_name_en_1", "pcon24_name_cy_1", "pcon24_code_2", "pcon24_name_en_2",
        "pcon24_name_cy_2", "population", "example_postcode", "start_date",
    ]  # fmt: skip

    def __init__(self, root: Path):
        self.root = root
        self.regions = [
            ["W10000007", "South Wales Central", "Canol De Cymru", "725711", "2007-05-03",
             "2026-05-06", "W09000031;W09000025"],
            ["W10000009", "South Wales West", "Gorllewin De Cymru", "553400", "2007-05-03",
             "2026-05-06", "W09000022"],
        ]  # fmt: skip
        self.old = [
            ["W09000031", "Cardiff Central", "Canol Caerdydd", "W10000007", "South Wales Central",
             "Canol De Cymru", "1", "CF101AA", "2007-05-03", "2026-05-06"],
            ["W09000025", "Cardiff North", "Gogledd Caerdydd", "W10000007", "South Wales Central",
             "Canol De Cymru", "1", "CF144AA", "2007-05-03", "2026-05-06"],
            ["W09000022", "Swansea West", "Gorllewin Abertawe", "W10000009", "South Wales West",
             "Gorllewin De Cymru", "1", "SA11AA", "2007-05-03", "2026-05-06"],
        ]  # fmt: skip
        self.new = [
            ["W09000053", "14", "Caerdydd Penarth", "Caerdydd Penarth", "6", "W07000091",
             "Cardiff South and Penarth", "De Caerdydd a Phenarth", "W07000090", "Cardiff West",
             "Gorllewin Caerdydd", "1", "CF101AA", "2026-05-07"],
            ["W09000059", "7", "Gŵyr Abertawe", "Gŵyr Abertawe", "6", "W07000097", "Gower", "",
             "W07000108", "Swansea West", "Gorllewin Abertawe", "1", "SA11AA", "2026-05-07"],
        ]  # fmt: skip
        self.old_postcodes = [
            ["CF101AA", "W09000031"],
            ["CF144AA", "W09000025"],
            ["SA11AA", "W09000022"],
        ]
        self.new_postcodes = [
            ["CF101AA", "W09000053"],
            ["CF144AA", "W09000053"],
            ["SA11AA", "W09000059"],
        ]
        # Boundaries: the old set's Cardiff North has two islands; the new set's Gower a hole.
        self.old_boundaries = [
            feature("W09000031", square(-3.2, 51.45)),
            feature("W09000025", [square(-3.2, 51.55)], [square(-3.0, 51.55)], multi=True),
            feature("W09000022", square(-4.0, 51.6)),
        ]
        self.new_boundaries = [
            feature("W09000053", square(-3.3, 51.4, 0.3)),
            feature("W09000059", square(-4.3, 51.5, 0.4), square(-4.2, 51.6, 0.1)),
        ]
        self.countries = [
            ["GB-WLS", "Wales", "Cymru", "uk_nation"],
            ["GB-ENG", "England", "Lloegr", "uk_nation"],
            ["GB-SCT", "Scotland", "Yr Alban", "uk_nation"],
            ["GB-NIR", "Northern Ireland", "Gogledd Iwerddon", "uk_nation"],
            ["FR", "France", "Ffrainc", "country_or_territory"],
            ["XK", "Kosovo", "Kosovo", "country_or_territory"],
        ]
        self.write()

    def write(self) -> None:
        write_csv(
            self.root / "senedd/senedd_regions_2007_2026.csv", self.REGION_HEADER, self.regions
        )
        write_csv(
            self.root / "senedd/senedd_constituencies_2007_2026.csv", self.OLD_HEADER, self.old
        )
        write_csv(self.root / "senedd/senedd_constituencies_2026.csv", self.NEW_HEADER, self.new)
        for name, rows in [
            ("wales_postcode_to_senedd_2007_2026.csv", self.old_postcodes),
            ("wales_postcode_to_senedd_2026.csv", self.new_postcodes),
        ]:
            write_csv(
                self.root / "postcodes" / name, ["id", "constituency_id"], rows, quote_all=True
            )
        for name, features in [
            ("senedd_constituencies_2007_2026.geojson", self.old_boundaries),
            ("senedd_constituencies_2026_dbcc.geojson", self.new_boundaries),
        ]:
            path = self.root / "boundaries" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        write_csv(
            self.root / "countries/countries_en_cy.csv",
            ["code", "name_en", "name_cy", "kind"],
            self.countries,
        )


@pytest.fixture
def data_dir(tmp_path) -> DataDir:
    return DataDir(tmp_path / "data")
