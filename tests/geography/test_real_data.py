"""One end-to-end import of the real open data files (settings.DATA_DIR)."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count

from deiseb.geography.models import Constituency, Postcode, Region
from deiseb.geography.services import constituency_for, locate


@pytest.mark.django_db
def test_import_the_real_data_directory():
    data_dir = settings.DATA_DIR
    if not (data_dir / "postcodes").is_dir():
        pytest.skip(f"settings.DATA_DIR ({data_dir}) has no open data files; set DEISEB_DATA_DIR")

    call_command("import_geography", str(data_dir), stdout=io.StringIO(), stderr=io.StringIO())

    today = datetime.date.today()
    assert Constituency.objects.in_force(today).count() == 16
    assert Constituency.objects.in_force(datetime.date(2025, 2, 12)).count() == 40
    assert Region.objects.count() == 5
    assert set(Constituency.objects.in_force(today).values_list("members", flat=True)) == {6}

    for postcode in ["CF10 1AA", "cf101aa"]:
        constituency = constituency_for(postcode)
        assert constituency is not None
        assert constituency in Constituency.objects.in_force(today)
        assert constituency.name_en == "Caerdydd Penarth"
    assert locate("CF10 1AA", "GB-ENG").constituency.code == "W09000053"

    per_set = Postcode.objects.values("constituency__valid_from").annotate(rows=Count("pk"))
    rows = {row["constituency__valid_from"]: row["rows"] for row in per_set}
    assert set(rows) == {datetime.date(2007, 5, 3), datetime.date(2026, 5, 7)}
    assert all(count >= 140_000 for count in rows.values()), rows
