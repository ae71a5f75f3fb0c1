"""`deiseb import_geography` against a small directory of CSVs shaped like the real ones."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from deiseb.geography.models import Constituency, Country, Postcode, Region

pytestmark = pytest.mark.django_db


def run(*args, stderr=None, **options):
    out = io.StringIO()
    call_command("import_geography", *args, stdout=out, stderr=stderr or io.StringIO(), **options)
    return out.getvalue()


def postcode_rows():
    return set(Postcode.objects.values_list("pk", "postcode", "constituency_id"))


def test_import_loads_every_table(data_dir):
    output = run(str(data_dir.root))

    assert set(Region.objects.values_list("code", flat=True)) == {"W10000007", "W10000009"}
    old = Constituency.objects.get(code="W09000031")
    assert (old.name_cy, old.region_id, old.members) == ("Canol Caerdydd", "W10000007", 1)
    assert (old.valid_from, old.valid_to) == (datetime.date(2007, 5, 3), datetime.date(2026, 5, 6))
    new = Constituency.objects.get(code="W09000059")
    assert (new.name_en, new.region_id, new.members) == ("Gŵyr Abertawe", None, 6)
    assert (new.valid_from, new.valid_to) == (datetime.date(2026, 5, 7), None)
    assert Constituency.objects.in_force(datetime.date(2025, 2, 12)).count() == 3
    assert Constituency.objects.in_force(datetime.date(2026, 11, 23)).count() == 2

    assert set(Postcode.objects.values_list("postcode", "constituency_id")) == {
        ("CF101AA", "W09000031"),
        ("CF144AA", "W09000025"),
        ("SA11AA", "W09000022"),
        ("CF101AA", "W09000053"),
        ("CF144AA", "W09000053"),
        ("SA11AA", "W09000059"),
    }
    assert "3 added" in output


def test_running_twice_leaves_the_same_rows(data_dir):
    run(str(data_dir.root))
    first = (
        postcode_rows(),
        set(Constituency.objects.values_list()),
        set(Region.objects.values_list()),
        set(Country.objects.values_list()),
    )
    output = run(str(data_dir.root))
    second = (
        postcode_rows(),
        set(Constituency.objects.values_list()),
        set(Region.objects.values_list()),
        set(Country.objects.values_list()),
    )
    assert second == first
    assert "0 added, 0 removed" in output


def test_a_rerun_applies_changed_names_and_moved_postcodes(data_dir):
    run(str(data_dir.root))
    data_dir.regions[0][1] = "Central South Wales"
    data_dir.new[0][3] = "Caerdydd a Phenarth"
    data_dir.new_postcodes[1] = ["CF144AA", "W09000059"]  # moved
    data_dir.new_postcodes.append(["CF999ZZ", "W09000053"])  # added
    del data_dir.old_postcodes[2]  # gone
    data_dir.write()

    run(str(data_dir.root))

    assert Region.objects.get(code="W10000007").name_en == "Central South Wales"
    assert Constituency.objects.get(code="W09000053").name_cy == "Caerdydd a Phenarth"
    assert set(Postcode.objects.values_list("postcode", "constituency_id")) == {
        ("CF101AA", "W09000031"),
        ("CF144AA", "W09000025"),
        ("CF101AA", "W09000053"),
        ("CF144AA", "W09000059"),
        ("CF999ZZ", "W09000053"),
        ("SA11AA", "W09000059"),
    }


def test_postcode_rows_for_another_set_are_skipped(data_dir):
    data_dir.new_postcodes.append(["CF999ZZ", "W09000031"])  # an old code in the 2026 file
    data_dir.write()
    output = run(str(data_dir.root))
    assert not Postcode.objects.filter(postcode="CF999ZZ").exists()
    assert "1 rows skipped" in output


def test_countries_are_renamed_and_completed(data_dir):
    Country.objects.filter(code="GB-NIR").delete()
    Country.objects.filter(code="FR").update(name_cy="Ffrainc?")
    assert not Country.objects.filter(code="XK").exists()  # not in ISO 3166-1

    run(str(data_dir.root))

    assert Country.objects.get(code="FR").name_cy == "Ffrainc"
    kosovo = Country.objects.get(code="XK")
    assert (kosovo.kind, kosovo.position) == (Country.Kind.COUNTRY, 100)
    nir = Country.objects.get(code="GB-NIR")
    assert (nir.name_cy, nir.kind, nir.position) == ("Gogledd Iwerddon", "uk_nation", 4)
    # Countries the file leaves out (here Germany) stay on the list.
    assert Country.objects.filter(code="DE").exists()


def test_data_dir_setting_is_the_default(data_dir, settings):
    settings.DATA_DIR = data_dir.root
    run()
    assert Postcode.objects.count() == 6


class TestIfEmpty:
    def test_loads_when_empty(self, data_dir):
        run(str(data_dir.root), if_empty=True)
        assert Postcode.objects.count() == 6

    def test_does_nothing_once_loaded_and_says_so(self, data_dir):
        run(str(data_dir.root))
        data_dir.regions[0][1] = "Renamed"
        data_dir.write()
        output = run(str(data_dir.root), if_empty=True)
        assert "already loaded" in output
        assert Region.objects.get(code="W10000007").name_en == "South Wales Central"

    def test_missing_directory_is_fine_with_if_empty(self, tmp_path):
        output = run(str(tmp_path / "nowhere"), if_empty=True)
        assert "does not exist" in output
        assert not Postcode.objects.exists()

    def test_missing_directory_is_an_error_without_it(self, tmp_path):
        with pytest.raises(CommandError, match="does not exist"):
            run(str(tmp_path / "nowhere"))


def test_missing_file_is_an_error(data_dir):
    (data_dir.root / "postcodes/wales_postcode_to_senedd_2026.csv").unlink()
    with pytest.raises(CommandError, match="wales_postcode_to_senedd_2026.csv"):
        run(str(data_dir.root))
    assert not Region.objects.exists()


def test_wrong_columns_are_an_error(data_dir):
    (data_dir.root / "postcodes/wales_postcode_to_senedd_2026.csv").write_text("pc,code\n")
    with pytest.raises(CommandError, match="constituency_id"):
        run(str(data_dir.root))


class _Terminal(io.StringIO):
    def isatty(self):
        return True


class TestProgressBar:
    def test_drawn_on_a_terminal(self, data_dir):
        terminal = _Terminal()
        run(str(data_dir.root), stderr=terminal)
        assert "wales_postcode_to_senedd_2026.csv" in terminal.getvalue()

    def test_not_drawn_at_verbosity_0(self, data_dir):
        terminal = _Terminal()
        output = run(str(data_dir.root), stderr=terminal, verbosity=0)
        assert terminal.getvalue() == ""
        assert output == ""

    def test_not_drawn_into_a_pipe_or_file(self, data_dir):
        stderr = io.StringIO()
        run(str(data_dir.root), stderr=stderr)
        assert stderr.getvalue() == ""
