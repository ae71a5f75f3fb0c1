"""The short steps of creating a petition; each form is one question page."""

import datetime

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from deiseb.core.forms import (
    DayMonthYearField,
    EmailAddressField,
    EmailTypoCheck,
    PersonNameField,
    PlainTextField,
    PostcodeField,
)
from deiseb.geography.models import Country
from deiseb.geography.services import locate
from deiseb.petitions.services import closing_date_bounds


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("What do you want the Senedd or the Welsh Government to do?"),
        max_length=settings.PETITION_SEARCH_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Search for up to %(limit_value)d characters; try fewer words.")
        },
    )


class PetitionSearchForm(SearchForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Search petitions")
        self.fields["q"].widget.input_type = "search"


class PetitionTextForm(forms.Form):
    action = PlainTextField(
        label=_("What do you want us to do?"),
        help_text=_("Say what action you want the Senedd or the Welsh Government to take."),
        max_length=settings.PETITION_ACTION_MAX,
        error_messages={"required": _("Enter what you want us to do")},
    )
    background = PlainTextField(
        label=_("Background"),
        help_text=_("Say why you want this action to be taken."),
        max_length=settings.PETITION_BACKGROUND_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Enter the background to your petition")},
    )
    additional_details = PlainTextField(
        label=_("Additional details (optional)"),
        help_text=_("Add anything else the Committee should know."),
        max_length=settings.PETITION_ADDITIONAL_DETAILS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def _long_date(value: datetime.date) -> str:
    """GOV.UK's way of writing a date, "31 December 2026", in both languages."""
    return formats.date_format(value, "j F Y")


class ClosingDateForm(forms.Form):
    closing_date = DayMonthYearField(
        label=_("When should your petition close?"),
        error_messages={
            "invalid": _("Enter a real date, like 31 3 2027."),
            "required": _("Enter the date your petition should close."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        earliest, latest = closing_date_bounds()
        self.earliest, self.latest = earliest, latest
        self.fields["closing_date"].help_text = _(
            "Pick a date between %(earliest)s and %(latest)s. If your petition opens later "
            "than today, it stays open for the same length of time."
        ) % {"earliest": _long_date(earliest), "latest": _long_date(latest)}

    def clean_closing_date(self) -> datetime.date:
        value = self.cleaned_data["closing_date"]
        if not self.earliest <= value <= self.latest:
            raise forms.ValidationError(
                _("The closing date must be between %(earliest)s and %(latest)s.")
                % {"earliest": _long_date(self.earliest), "latest": _long_date(self.latest)},
                code="out_of_range",
            )
        return value


class CreatorForm(EmailTypoCheck, forms.Form):
    name = PersonNameField(
        label=_("Your name"),
        help_text=_("Your real name, or the name of your organisation."),
        error_messages={"required": _("Enter your name")},
    )
    use_pseudonym = forms.BooleanField(
        label=_("Publish my petition under a different name (a pseudonym)"),
        help_text=_(
            "Staff will still see your real name. Use this if you need to keep "
            "your identity private, for example as a survivor."
        ),
        required=False,
    )
    pseudonym = PersonNameField(label=_("Name to publish"), required=False)
    email = EmailAddressField(
        label=_("Email address"), error_messages={"required": _("Enter your email address")}
    )
    postcode = PostcodeField(
        label=_("Postcode"), error_messages={"required": _("Enter your postcode")}
    )
    address = PlainTextField(
        label=_("Address"),
        help_text=_("Your address is private: only Senedd staff see it."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        error_messages={"required": _("Enter your address")},
    )
    phone = forms.RegexField(
        label=_("Phone number"),
        help_text=_("Private: staff use it only if they need to speak to you about the petition."),
        regex=r"^\+?[0-9 ()\-]{7,30}$",
        max_length=31,
        error_messages={
            "invalid": _("Enter a phone number, like 029 2089 8888."),
            "required": _("Enter your phone number"),
        },
        # No formula check: "+44 …" is how international numbers are written, the pattern already
        # keeps out anything but digits, and CSV files defuse a leading "+" when they are written.
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    notify_by_email = forms.BooleanField(
        label=_("Email me about what happens to my petition"), required=False, initial=True
    )

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        if postcode and locate(postcode, Country.WALES).country.code != Country.WALES:
            raise forms.ValidationError(
                _(
                    "Petitions can only be created by people or organisations with an address "
                    "in Wales. Enter a postcode in Wales."
                ),
                code="not_in_wales",
            )
        return postcode

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("use_pseudonym") and not cleaned.get("pseudonym"):
            self.add_error("pseudonym", _("Enter the name you want us to publish."))
        if not cleaned.get("use_pseudonym"):
            cleaned["pseudonym"] = ""
        return cleaned
