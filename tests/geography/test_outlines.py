"""Map outlines and populations: the projection, the path data, and how the importer fills them
in, for a new database and for one imported before the maps existed."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from deiseb.geography import outlines
from deiseb.geography.importers import (
    NEW_BOUNDARIES_FILE,
    OLD_BOUNDARIES_FILE,
    GeographyImporter,
)
from deiseb.geography.models import Constituency, Postcode, Region
from tests.geography.conftest import feature, square


def run(*args, **options):
    out = io.StringIO()
    call_command("import_geography", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def subpaths(path: str) -> list[list[tuple[float, float]]]:
    """Read our own path data back into absolute points, one list per subpath."""
    rings = []
    for absolute, relative in re.findall(r"M([^l]+)l([^z]*)z", path):
        x, y = (float(n) for n in absolute.split(","))
        ring = [(x, y)]
        numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", relative)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = round(x + dx, 1), round(y + dy, 1)
            ring.append((x, y))
        rings.append(ring)
    return rings


class TestPathData:
    def test_the_frame_holds_wales_north_up(self):
        west_x, north_y = outlines.project(outlines.WEST, outlines.NORTH)
        assert (west_x, north_y) == (0, 0)
        cardiff, bangor = outlines.project(-3.18, 51.48), outlines.project(-4.13, 53.23)
        assert 0 < bangor[0] < cardiff[0] < outlines.WIDTH  # Bangor lies west of Cardiff
        assert 0 < bangor[1] < cardiff[1] < outlines.HEIGHT  # and north of it

    def test_a_square_comes_back_as_its_rounded_corners(self):
        ring = square(-3.2, 51.45)
        path = outlines.geometry_path({"type": "Polygon", "coordinates": [ring]})
        expected = [
            tuple(round(value, 1) for value in outlines.project(lon, lat)) for lon, lat in ring
        ]
        assert subpaths(path) == [expected[:-1]]  # z closes it: the last point is not repeated
        assert re.fullmatch(r"[Mlz\d.,\- ]+", path)
        assert not re.search(r"\.\d\d", path)  # one decimal at most

    def test_points_on_a_straight_edge_are_dropped(self):
        ring = [[-3.2, 51.45], [-3.15, 51.45], [-3.1, 51.45], [-3.1, 51.55], [-3.2, 51.45]]
        path = outlines.geometry_path({"type": "Polygon", "coordinates": [ring]})
        assert len(subpaths(path)[0]) == 3

    def test_multipolygons_and_holes_are_subpaths_and_islets_vanish(self):
        islet = square(-4.0, 52.0, 0.001)  # about 70 m across
        geometry = {
            "type": "MultiPolygon",
            "coordinates": [
                [square(-3.2, 51.45, 0.3), square(-3.1, 51.5, 0.05)],
                [square(-4.5, 52.5)],
                [islet],
            ],
        }
        assert len(subpaths(outlines.geometry_path(geometry))) == 3

    def test_other_geometries_are_refused(self):
        with pytest.raises(ValueError):
            outlines.geometry_path({"type": "Point", "coordinates": [-3.2, 51.45]})


@pytest.mark.django_db
class TestImport:
    def test_outlines_and_populations_are_filled(self, data_dir):
        data_dir.old[0][6] = "70,043"
        data_dir.new[1][11] = ""  # unknown
        data_dir.write()
        output = run(str(data_dir.root))

        cardiff_central = Constituency.objects.get(code="W09000031")
        assert cardiff_central.population == 70043
        assert Constituency.objects.get(code="W09000059").population is None
        assert Region.objects.get(code="W10000007").population == 725711
        assert len(subpaths(Constituency.objects.get(code="W09000025").outline)) == 2
        assert len(subpaths(Constituency.objects.get(code="W09000059").outline)) == 2
        assert not Constituency.objects.filter(outline="").exists()
        assert "Outlines (senedd_constituencies_2007_2026.geojson): 3 in file, 3 updated" in output

    def test_a_rerun_writes_no_outline(self, data_dir):
        run(str(data_dir.root))
        output = run(str(data_dir.root))
        assert "Outlines (senedd_constituencies_2026_dbcc.geojson): 2 in file, 0 updated" in output

    def test_a_feature_outside_the_set_is_skipped_and_a_missing_one_said(self, data_dir):
        data_dir.new_boundaries = [
            feature("W09000053", square(-3.3, 51.4)),
            feature("W09000031", square(-3.2, 51.45)),  # an old code in the 2026 file
        ]
        data_dir.write()
        output = run(str(data_dir.root))
        assert "skipped W09000031, not in this set" in output
        assert "no outline for W09000059" in output
        assert Constituency.objects.get(code="W09000059").outline == ""

    def test_without_boundary_files_the_rest_still_imports(self, data_dir):
        (data_dir.root / OLD_BOUNDARIES_FILE).unlink()
        (data_dir.root / NEW_BOUNDARIES_FILE).unlink()
        output = run(str(data_dir.root))
        assert "no such file; maps are left out" in output
        assert Postcode.objects.count() == 6
        assert set(Constituency.objects.values_list("outline", flat=True)) == {""}

    def test_broken_geojson_is_a_clear_error(self, data_dir):
        (data_dir.root / NEW_BOUNDARIES_FILE).write_text('{"features": [{"geometry": {}}]}')
        with pytest.raises(Exception, match="not GeoJSON polygons with a code"):
            run(str(data_dir.root))


@pytest.mark.django_db
class TestUpgrade:
    """A database imported before the maps: `--if-empty` (as `make run` calls it) fills in."""

    def imported_before_maps(self, data_dir):
        run(str(data_dir.root))
        Constituency.objects.update(outline="", population=None)
        Region.objects.update(population=None)

    def test_if_empty_fills_outlines_and_populations_and_leaves_postcodes(self, data_dir):
        self.imported_before_maps(data_dir)
        data_dir.new_postcodes.append(["CF999ZZ", "W09000053"])
        data_dir.write()

        output = run(str(data_dir.root), if_empty=True)

        assert "filling in populations and outlines" in output
        assert not Constituency.objects.filter(outline="").exists()
        assert set(Constituency.objects.values_list("population", flat=True)) == {1}
        assert Region.objects.get(code="W10000009").population == 553400
        assert not Postcode.objects.filter(postcode="CF999ZZ").exists()

    def test_if_empty_then_has_nothing_to_do(self, data_dir):
        self.imported_before_maps(data_dir)
        run(str(data_dir.root), if_empty=True)
        assert "nothing to do" in run(str(data_dir.root), if_empty=True)

    def test_a_plain_rerun_fills_them_too(self, data_dir):
        self.imported_before_maps(data_dir)
        run(str(data_dir.root))
        assert not Constituency.objects.filter(outline="").exists()


@pytest.mark.django_db
def test_the_real_outlines_are_complete_and_small():
    data_dir = settings.DATA_DIR
    if not (data_dir / OLD_BOUNDARIES_FILE).is_file():
        pytest.skip(f"settings.DATA_DIR ({data_dir}) has no boundary files; set DEISEB_DATA_DIR")

    GeographyImporter(data_dir, postcodes=False).run()

    sizes = {}
    for valid_from, outline in Constituency.objects.values_list("valid_from", "outline"):
        assert outline, "every constituency has an outline"
        sizes[valid_from.year] = sizes.get(valid_from.year, 0) + len(outline)
    assert sizes[2007] < 20_000 and sizes[2026] < 32_000, sizes  # bytes in every page's map
    assert not Constituency.objects.filter(population__isnull=True).exists()
    for ring in (
        ring for o in Constituency.objects.values_list("outline", flat=True) for ring in subpaths(o)
    ):
        assert all(0 <= x <= outlines.WIDTH and 0 <= y <= outlines.HEIGHT for x, y in ring)
