"""locate(): which country and constituency a signature counts for."""

import datetime

import pytest
import time_machine
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from deiseb.geography.admin import PostcodeAdmin
from deiseb.geography.models import Constituency, Country, Postcode
from deiseb.geography.services import (
    constituency_for,
    geography_status_message,
    locate,
    postcode_area,
    postcodes_loaded,
)

pytestmark = pytest.mark.django_db

WALES, ENGLAND, SCOTLAND, NI = "GB-WLS", "GB-ENG", "GB-SCT", "GB-NIR"
BEFORE = datetime.date(2025, 2, 12)
AFTER = datetime.date(2026, 11, 23)


@pytest.fixture
def cardiff(boundaries):
    """CF10 1AA in both boundary sets, as in the real files."""
    Postcode.objects.create(postcode="CF101AA", constituency=boundaries.old)
    Postcode.objects.create(postcode="CF101AA", constituency=boundaries.new)
    return boundaries


def where(placement):
    return placement.country.code, placement.constituency and placement.constituency.code


class TestPostcodeTable:
    def test_old_constituency_before_the_2026_election(self, cardiff):
        assert where(locate("CF10 1AA", WALES, on=BEFORE)) == (WALES, "W09000031")

    def test_new_constituency_after_it(self, cardiff):
        assert where(locate("cf101aa", WALES, on=AFTER)) == (WALES, "W09000053")

    @pytest.mark.parametrize(
        ("on", "expected"),
        [
            (datetime.date(2026, 5, 6), "W09000031"),
            (datetime.date(2026, 5, 7), "W09000053"),
            (datetime.date(2007, 5, 3), "W09000031"),
        ],
    )
    def test_the_change_happens_on_polling_day(self, cardiff, on, expected):
        assert where(locate("CF10 1AA", WALES, on=on)) == (WALES, expected)

    @pytest.mark.parametrize("picked", [ENGLAND, SCOTLAND, "FR", "US"])
    def test_a_welsh_postcode_counts_for_wales_whatever_was_picked(self, cardiff, picked):
        assert where(locate(" Cf10-1aA ", picked, on=AFTER)) == (WALES, "W09000053")

    def test_border_postcode_in_the_table_is_welsh(self, boundaries):
        Postcode.objects.create(postcode="LD82LJ", constituency=boundaries.new)
        assert where(locate("LD8 2LJ", ENGLAND, on=AFTER)) == (WALES, "W09000053")

    def test_today_is_the_date_in_wales(self, cardiff):
        # 23:30 UTC on 6 May 2026 is already 00:30 on 7 May in Cardiff (BST).
        with time_machine.travel(datetime.datetime(2026, 5, 6, 23, 30, tzinfo=datetime.UTC)):
            assert where(locate("CF10 1AA", WALES)) == (WALES, "W09000053")
        with time_machine.travel(datetime.datetime(2026, 5, 6, 22, 30, tzinfo=datetime.UTC)):
            assert where(locate("CF10 1AA", WALES)) == (WALES, "W09000031")

    def test_at_most_two_queries(self, cardiff, django_assert_max_num_queries):
        with django_assert_max_num_queries(2):
            locate("CF10 1AA", ENGLAND, on=AFTER)


class TestPostcodeArea:
    @pytest.mark.parametrize(
        ("postcode", "picked", "expected"),
        [
            ("BT1 1AA", ENGLAND, NI),
            ("BT48 6DQ", WALES, NI),
            ("EH1 1YZ", ENGLAND, SCOTLAND),
            ("G1 1AA", WALES, SCOTLAND),
            ("ZE1 0AA", NI, SCOTLAND),
            ("AB10 1AA", ENGLAND, SCOTLAND),
            ("SW1A 1AA", WALES, ENGLAND),
            ("M1 1AE", SCOTLAND, ENGLAND),
            ("GL1 1AA", SCOTLAND, ENGLAND),
            ("TD15 1AA", ENGLAND, SCOTLAND),
        ],
    )
    def test_nation_from_the_area(self, boundaries, postcode, picked, expected):
        assert where(locate(postcode, picked, on=AFTER)) == (expected, None)

    @pytest.mark.parametrize("postcode", ["CF99 1SN", "SA99 1AA"])
    @pytest.mark.parametrize("picked", [WALES, ENGLAND, SCOTLAND])
    def test_wholly_welsh_areas_are_wales_without_a_constituency(self, cardiff, postcode, picked):
        assert where(locate(postcode, picked, on=AFTER)) == (WALES, None)

    def test_wholly_welsh_area_when_the_table_is_empty(self, db):
        assert where(locate("CF10 1AA", ENGLAND, on=AFTER)) == (WALES, None)

    def test_the_table_is_checked_before_the_area(self, cardiff):
        # CF10 1AA has no row in force before 2007: the area still makes it Welsh.
        assert where(locate("CF10 1AA", ENGLAND, on=datetime.date(2000, 1, 1))) == (WALES, None)

    @pytest.mark.parametrize("postcode", ["LL14 5AA", "LD7 1AA", "NP16 5AA", "SY10 7AA",
                                          "CH5 1AA", "HR3 5AA", "GL16 7AA"])  # fmt: skip
    def test_partly_welsh_area_keeps_a_wales_pick_while_the_table_is_empty(self, db, postcode):
        assert not postcodes_loaded()
        assert where(locate(postcode, WALES, on=AFTER)) == (WALES, None)

    @pytest.mark.parametrize("postcode", ["LL14 5AA", "SY10 7AA", "CH1 1AA"])
    def test_partly_welsh_area_not_in_a_loaded_table_is_england(self, cardiff, postcode):
        assert where(locate(postcode, WALES, on=AFTER)) == (ENGLAND, None)

    @pytest.mark.parametrize("picked", [ENGLAND, SCOTLAND, NI])
    def test_partly_welsh_area_with_another_pick_is_england(self, db, picked):
        assert where(locate("CH5 1AA", picked, on=AFTER)) == (ENGLAND, None)

    def test_uk_pick_without_a_postcode_is_kept(self, cardiff):
        assert where(locate("", SCOTLAND, on=AFTER)) == (SCOTLAND, None)

    def test_uk_pick_with_a_malformed_postcode_is_kept(self, cardiff):
        assert where(locate("not a postcode", SCOTLAND, on=AFTER)) == (SCOTLAND, None)

    @pytest.mark.parametrize("loaded", [False, True])
    def test_at_most_two_queries(self, boundaries, django_assert_max_num_queries, loaded):
        if loaded:
            Postcode.objects.create(postcode="CF101AA", constituency=boundaries.new)
        for postcode, picked in [("LL14 5AA", WALES), ("BT1 1AA", WALES), ("SA1 1AA", ENGLAND)]:
            with django_assert_max_num_queries(2):
                locate(postcode, picked, on=AFTER)


class TestAbroad:
    def test_other_country_keeps_the_pick(self, cardiff):
        placement = locate("75001", "FR", on=AFTER)
        assert where(placement) == ("FR", None)
        assert placement.country.name_cy == "Ffrainc"

    def test_other_country_without_a_postcode(self, cardiff):
        assert where(locate("", "US", on=AFTER)) == ("US", None)

    def test_other_country_with_an_english_postcode_keeps_the_pick(self, cardiff):
        assert where(locate("SW1A 1AA", "IE", on=AFTER)) == ("IE", None)

    def test_unknown_country(self, db):
        with pytest.raises(Country.DoesNotExist):
            locate("", "ZZ")


class TestHelpers:
    def test_constituency_for(self, cardiff):
        assert constituency_for("CF10 1AA", on=BEFORE).code == "W09000031"
        assert constituency_for("CF10 1AA", on=AFTER) == Constituency.objects.get(code="W09000053")
        assert constituency_for("CF99 1SN", on=AFTER) is None
        assert constituency_for("", on=AFTER) is None

    @pytest.mark.parametrize(
        ("postcode", "area"), [("CF10 1AA", "CF"), ("g1 1aa", "G"), ("GL1 1AA", "GL"), ("", "")]
    )
    def test_postcode_area(self, postcode, area):
        assert postcode_area(postcode) == area

    def test_status_message_only_while_postcodes_are_missing(self, boundaries):
        assert not postcodes_loaded()
        assert "deiseb import_geography" in geography_status_message()
        Postcode.objects.create(postcode="CF101AA", constituency=boundaries.new)
        assert postcodes_loaded()
        assert geography_status_message() is None

    def test_status_message_is_translatable(self, db):
        with translation.override("en"):
            assert geography_status_message().startswith("Postcode data is not loaded")


class TestAdmin:
    def test_models_are_registered(self):
        for model in (Postcode, Constituency, Country):
            assert admin.site.is_registered(model)

    def test_postcode_search_accepts_what_people_type(self, cardiff):
        model_admin = PostcodeAdmin(Postcode, admin.site)
        request = RequestFactory().get("/")
        found, _ = model_admin.get_search_results(request, Postcode.objects.all(), " cf10 1aa")
        assert found.count() == 2
        assert not model_admin.has_change_permission(request)
