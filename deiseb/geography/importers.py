"""Load the open geography data (see SOURCES.md in the data directory) into the database.

The files are read where they are, never copied into the repository. Every step is
idempotent: a second run with the same files writes nothing, and a run with newer files
updates names and adds or removes postcode rows so the tables match the files exactly.
"""

import csv
import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from deiseb.core.caching import forget_on_commit
from deiseb.lib.postcodes import normalise

from .models import Constituency, Country, Postcode, Region
from .names import welsh_name
from .outlines import geometry_path
from .services import COUNTRIES_KEY

REGIONS_FILE = Path("senedd/senedd_regions_2007_2026.csv")
OLD_CONSTITUENCIES_FILE = Path("senedd/senedd_constituencies_2007_2026.csv")
NEW_CONSTITUENCIES_FILE = Path("senedd/senedd_constituencies_2026.csv")
OLD_POSTCODES_FILE = Path("postcodes/wales_postcode_to_senedd_2007_2026.csv")
NEW_POSTCODES_FILE = Path("postcodes/wales_postcode_to_senedd_2026.csv")
COUNTRIES_FILE = Path("countries/countries_en_cy.csv")
# The outlines for the maps. Optional: without them signatures still count, the map is left out.
OLD_BOUNDARIES_FILE = Path("boundaries/senedd_constituencies_2007_2026.geojson")
NEW_BOUNDARIES_FILE = Path("boundaries/senedd_constituencies_2026_dbcc.geojson")
ALL_FILES = [
    REGIONS_FILE,
    OLD_CONSTITUENCIES_FILE,
    NEW_CONSTITUENCIES_FILE,
    OLD_POSTCODES_FILE,
    NEW_POSTCODES_FILE,
    COUNTRIES_FILE,
]

# The dates the files should carry; used when a date cell is blank.
OLD_SET_FROM = datetime.date(2007, 5, 3)
OLD_SET_TO = datetime.date(2026, 5, 6)
NEW_SET_FROM = datetime.date(2026, 5, 7)
NEW_SET_MEMBERS = 6

UK_NATION_POSITIONS = {
    Country.WALES: 1,
    Country.ENGLAND: 2,
    Country.SCOTLAND: 3,
    Country.NORTHERN_IRELAND: 4,
}

BATCH_SIZE = 5000


class DataError(Exception):
    """A data file is missing or not in the shape we expect."""


@dataclass
class ImportReport:
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)


def missing_files(data_dir: Path) -> list[Path]:
    return [name for name in ALL_FILES if not (data_dir / name).is_file()]


def read_csv(path: Path, required: Iterable[str]) -> list[dict[str, str]]:
    """All rows of a CSV with a header; the csv module copes with the quoted values."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = set(required) - set(reader.fieldnames or [])
        if missing:
            raise DataError(
                _("%(file)s lacks the column(s) %(columns)s")
                % {"file": path, "columns": ", ".join(sorted(missing))}
            )
        return [{key: (value or "").strip() for key, value in row.items()} for row in reader]


def _date(value: str, default: datetime.date | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else default


def _population(row: dict[str, str]) -> int | None:
    """The population column is optional (older files lack it); blank means unknown."""
    value = row.get("population", "").replace(",", "")
    return int(value) if value.isdigit() else None


def upsert(model, rows: dict[str, dict], update_fields: list[str]) -> tuple[int, int]:
    """Create missing rows and update changed ones, keyed by primary key; (created, updated)."""
    existing = model.objects.in_bulk(list(rows))
    create, update = [], []
    for pk, values in rows.items():
        obj = existing.get(pk)
        if obj is None:
            create.append(model(pk=pk, **values))
        elif any(getattr(obj, name) != values[name] for name in update_fields):
            for name in update_fields:
                setattr(obj, name, values[name])
            update.append(obj)
    model.objects.bulk_create(create)
    model.objects.bulk_update(update, update_fields)
    return len(create), len(update)


class GeographyImporter:
    """Regions, constituencies, postcodes and country names from a data directory.

    `progress` makes a progress bar (tqdm-like: update() and close()) for the postcode sets;
    the default draws nothing, so library callers and tests stay quiet. `postcodes=False`
    skips the two postcode sets (the slow part), for a database that has them already but
    lacks what later versions added to the areas (populations, outlines).
    """

    def __init__(
        self,
        data_dir: Path,
        progress: Callable[..., tqdm] | None = None,
        *,
        postcodes: bool = True,
    ):
        self.data_dir = Path(data_dir)
        self.progress = progress or (lambda **kwargs: tqdm(disable=True, **kwargs))
        self.postcodes = postcodes
        self.report = ImportReport()

    def run(self) -> ImportReport:
        missing = missing_files(self.data_dir)
        if missing:
            names = ", ".join(str(name) for name in missing)
            raise DataError(_("%(dir)s lacks %(files)s") % {"dir": self.data_dir, "files": names})
        with transaction.atomic():
            self.import_regions()
            old_codes = self.import_constituencies(OLD_CONSTITUENCIES_FILE, old=True)
            new_codes = self.import_constituencies(NEW_CONSTITUENCIES_FILE, old=False)
            self.import_outlines(OLD_BOUNDARIES_FILE, old_codes)
            self.import_outlines(NEW_BOUNDARIES_FILE, new_codes)
        if self.postcodes:
            self.import_postcodes(OLD_POSTCODES_FILE, old_codes)
            self.import_postcodes(NEW_POSTCODES_FILE, new_codes)
        with transaction.atomic():
            self.import_countries()
        return self.report

    def import_regions(self) -> None:
        rows = read_csv(
            self.data_dir / REGIONS_FILE, ["code", "name_en", "name_cy", "start_date", "end_date"]
        )
        values = {
            row["code"]: {
                "name_en": row["name_en"],
                "name_cy": row["name_cy"] or row["name_en"],
                "population": _population(row),
                "valid_from": _date(row["start_date"], OLD_SET_FROM),
                "valid_to": _date(row["end_date"], OLD_SET_TO),
            }
            for row in rows
        }
        fields = ["name_en", "name_cy", "population", "valid_from", "valid_to"]
        created, updated = upsert(Region, values, fields)
        self.report.add(
            _("Regions: %(total)d in file, %(created)d created, %(updated)d updated")
            % {"total": len(values), "created": created, "updated": updated}
        )

    def import_constituencies(self, name: Path, *, old: bool) -> set[str]:
        """One boundary set; returns its codes so the postcode rows can be checked against them."""
        required = ["code", "name_en", "name_cy", "start_date"]
        required += ["region_code", "end_date"] if old else ["members"]
        rows = read_csv(self.data_dir / name, required)
        regions = set(Region.objects.values_list("code", flat=True))
        values = {}
        for row in rows:
            if old and row["region_code"] not in regions:
                raise DataError(
                    _("%(file)s: %(code)s names unknown region %(region)s")
                    % {"file": name, "code": row["code"], "region": row["region_code"]}
                )
            values[row["code"]] = {
                "name_en": row["name_en"],
                "name_cy": row["name_cy"] or row["name_en"],
                "region_id": row["region_code"] if old else None,
                "members": 1 if old else int(row["members"] or NEW_SET_MEMBERS),
                "population": _population(row),
                "valid_from": _date(row["start_date"], OLD_SET_FROM if old else NEW_SET_FROM),
                "valid_to": _date(row["end_date"], OLD_SET_TO) if old else None,
            }
        fields = ["name_en", "name_cy", "region_id", "members", "population"]
        fields += ["valid_from", "valid_to"]
        created, updated = upsert(Constituency, values, fields)
        self.report.add(
            _(
                "Constituencies (%(file)s): %(total)d in file, "
                "%(created)d created, %(updated)d updated"
            )
            % {"file": name.name, "total": len(values), "created": created, "updated": updated}
        )
        return set(values)

    def import_outlines(self, name: Path, codes: set[str]) -> None:
        """Project one boundary set's polygons into SVG path data on its constituencies.

        Features are matched by GSS `code`; one for a constituency not in the set is skipped
        and reported, as is a constituency the file has no outline for (it is left blank and
        the map draws without it).
        """
        path = self.data_dir / name
        if not path.is_file():
            self.report.add(
                _("Outlines (%(file)s): no such file; maps are left out") % {"file": name.name}
            )
            return
        try:
            with path.open(encoding="utf-8") as handle:
                features = json.load(handle)["features"]
            outlines = {
                feature["properties"]["code"]: geometry_path(feature["geometry"])
                for feature in features
            }
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(
                _("%(file)s is not GeoJSON polygons with a code property (%(error)s)")
                % {"file": name, "error": exc}
            ) from exc
        existing = Constituency.objects.in_bulk(list(codes))
        changed = []
        for code, outline in outlines.items():
            constituency = existing.get(code)
            if constituency is not None and constituency.outline != outline:
                constituency.outline = outline
                changed.append(constituency)
        Constituency.objects.bulk_update(changed, ["outline"])
        self.report.add(
            _("Outlines (%(file)s): %(total)d in file, %(updated)d updated")
            % {"file": name.name, "total": len(outlines), "updated": len(changed)}
        )
        unknown = sorted(set(outlines) - codes)
        if unknown:
            self.report.add(
                _("Outlines (%(file)s): skipped %(codes)s, not in this set")
                % {"file": name.name, "codes": ", ".join(unknown)}
            )
        lacking = sorted(codes - set(outlines))
        if lacking:
            self.report.add(
                _("Outlines (%(file)s): no outline for %(codes)s")
                % {"file": name.name, "codes": ", ".join(lacking)}
            )

    def import_postcodes(self, name: Path, codes: set[str]) -> None:
        """Make the rows for one boundary set match the file: add the new, drop the gone.

        Comparing with what is there (rather than deleting and reinserting everything) makes a
        repeat run cheap and keeps row ids stable. ignore_conflicts guards against another
        import running at the same time.
        """
        rows = read_csv(self.data_dir / name, ["id", "constituency_id"])
        wanted = set()
        unknown = 0
        for row in rows:
            if row["constituency_id"] in codes:
                wanted.add((normalise(row["id"]), row["constituency_id"]))
            else:
                unknown += 1
        with transaction.atomic():
            present = {
                (postcode, constituency): pk
                for pk, postcode, constituency in Postcode.objects.filter(
                    constituency__in=codes
                ).values_list("pk", "postcode", "constituency_id")
            }
            to_add = sorted(wanted - present.keys())
            to_drop = [pk for pair, pk in present.items() if pair not in wanted]
            bar = self.progress(total=len(to_add) + len(to_drop), desc=name.name, unit="rows")
            try:
                for start in range(0, len(to_drop), BATCH_SIZE):
                    batch = to_drop[start : start + BATCH_SIZE]
                    Postcode.objects.filter(pk__in=batch).delete()
                    bar.update(len(batch))
                for start in range(0, len(to_add), BATCH_SIZE):
                    batch = to_add[start : start + BATCH_SIZE]
                    Postcode.objects.bulk_create(
                        [Postcode(postcode=p, constituency_id=c) for p, c in batch],
                        batch_size=BATCH_SIZE,
                        ignore_conflicts=True,
                    )
                    bar.update(len(batch))
            finally:
                bar.close()
        self.report.add(
            _("Postcodes (%(file)s): %(total)d in file, %(added)d added, %(removed)d removed")
            % {
                "file": name.name,
                "total": len(wanted),
                "added": len(to_add),
                "removed": len(to_drop),
            }
        )
        if unknown:
            self.report.add(
                _("Postcodes (%(file)s): %(count)d rows skipped, constituency not in this set")
                % {"file": name.name, "count": unknown}
            )

    def import_countries(self) -> None:
        """The Senedd's own country names: update those we have, add those we lack.

        Names are stripped (the Senedd's file ends two Welsh names with a space), and every
        country the file lacks gets its Welsh from `names.welsh_name`, so none stays in English.
        """
        rows = read_csv(self.data_dir / COUNTRIES_FILE, ["code", "name_en", "name_cy", "kind"])
        existing = Country.objects.in_bulk([row["code"] for row in rows])
        created, updated = [], []
        for row in rows:
            name_en = row["name_en"].strip()
            name_cy = row["name_cy"].strip() or name_en
            country = existing.get(row["code"])
            if country is None:
                uk = row["kind"] == Country.Kind.UK_NATION or row["code"].startswith("GB-")
                created.append(
                    Country(
                        code=row["code"],
                        name_en=name_en,
                        name_cy=name_cy,
                        kind=Country.Kind.UK_NATION if uk else Country.Kind.COUNTRY,
                        position=UK_NATION_POSITIONS.get(row["code"], 100),
                    )
                )
            elif (country.name_en, country.name_cy) != (name_en, name_cy):
                country.name_en, country.name_cy = name_en, name_cy
                updated.append(country)
        listed = {row["code"] for row in rows}
        for country in Country.objects.exclude(code__in=listed):
            name_cy = welsh_name(country.code, country.name_en)
            if name_cy and name_cy != country.name_cy:
                country.name_cy = name_cy
                updated.append(country)
        Country.objects.bulk_create(created)
        Country.objects.bulk_update(updated, ["name_en", "name_cy"])
        forget_on_commit(COUNTRIES_KEY)
        self.report.add(
            _("Countries: %(total)d in file, %(created)d created, %(updated)d renamed")
            % {"total": len(rows), "created": len(created), "updated": len(updated)}
        )
