import datetime

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from deiseb.core.forms import PostcodeField
from deiseb.geography.models import Country
from deiseb.geography.names import in_order
from deiseb.geography.services import (
    WHOLLY_WELSH_AREAS,
    constituency_for,
    countries,
    country,
    postcode_area,
    postcodes_loaded,
)
from deiseb.lib.postcodes import format_postcode


class ConstituencyFinderForm(forms.Form):
    """A Welsh postcode in, the constituency in force on a date out, or an answer that helps."""

    postcode = PostcodeField(
        label=_("Postcode"),
        help_text=_("For example, CF99 1SN"),
        error_messages={"required": _("Enter a postcode in Wales, like CF99 1SN.")},
    )

    def __init__(self, *args, on: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.on = on
        self.constituency = None

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        self.constituency = constituency_for(postcode, self.on)
        if self.constituency is None and not postcodes_loaded():
            raise forms.ValidationError(
                _("Finding constituencies by postcode is not available on this site yet."),
                code="no_data",
            )
        if self.constituency is None:
            shown = format_postcode(postcode)
            if postcode_area(postcode) in WHOLLY_WELSH_AREAS:
                raise forms.ValidationError(
                    _("We could not find %(postcode)s. Check it, or try a neighbour's postcode."),
                    code="not_found",
                    params={"postcode": shown},
                )
            raise forms.ValidationError(
                _(
                    "%(postcode)s is not in Wales. Senedd constituencies cover Wales only; "
                    "enter a Welsh postcode."
                ),
                code="not_in_wales",
                params={"postcode": shown},
            )
        return postcode


class CountryChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices in the reader's alphabet (Welsh collation on /cy/), the UK nations first."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for each in in_order(countries().values(), get_language()):
            yield self.choice(each)


class CountryChoiceField(forms.ModelChoiceField):
    """A country picked from a list a reader of either language can scan and type into.

    The list and the pick come from the countries each process keeps (`countries`): every sign
    form shows the list, and every signature names a country.
    """

    iterator = CountryChoiceIterator

    def __init__(self, **kwargs):
        super().__init__(queryset=Country.objects.all(), **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return country(str(value))
        except Country.DoesNotExist:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None

    def label_from_instance(self, obj):
        return obj.name
