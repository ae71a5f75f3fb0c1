"""Admin views of the geography tables.

Regions, constituencies and postcodes come from the open data files, so they are read-only
here: edit the files and rerun `deiseb import_geography` instead. Country names can be fixed
by hand (the importer will put the Senedd's wording back on its next run).
"""

from django.contrib import admin

from deiseb.core.admin import ReadOnlyAdmin
from deiseb.lib.postcodes import normalise

from .models import Constituency, Country, Postcode, Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_en", "name_cy", "valid_from", "valid_to"]
    search_fields = ["code", "name_en", "name_cy"]


@admin.register(Constituency)
class ConstituencyAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "name_en",
        "name_cy",
        "region",
        "members",
        "population",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["valid_from", "region"]
    exclude = ["outline"]  # path data for the maps: kilobytes of numbers nobody reads here
    list_select_related = ["region"]
    search_fields = ["code", "name_en", "name_cy"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_cy", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["code", "name_en", "name_cy"]

    def get_readonly_fields(self, request, obj=None):
        # Signatures point at countries by code, so the code is fixed once a row exists.
        return ["code"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Postcode)
class PostcodeAdmin(ReadOnlyAdmin):
    list_display = ["postcode", "constituency", "constituency__valid_from"]
    list_select_related = ["constituency"]
    raw_id_fields = ["constituency"]
    # Exact match on the indexed column: a LIKE scan over ~280k rows helps nobody.
    search_fields = ["=postcode"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        """Accept postcodes as people type them ("cf10 1aa")."""
        return super().get_search_results(request, queryset, normalise(search_term))
