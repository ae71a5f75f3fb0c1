from django import forms
from django.utils.translation import gettext_lazy as _

from deiseb.geography.forms import CountryChoiceField
from deiseb.geography.models import Constituency
from deiseb.integrity import criteria
from deiseb.integrity.models import Invalidation
from deiseb.petitions.models import Petition

_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CriteriaForm(forms.Form):
    """The criteria staff may give, each read by `deiseb.integrity.criteria`; at least one."""

    petition = forms.IntegerField(
        label=_("Petition number"), required=False, min_value=1, max_value=2**63 - 1
    )
    name = forms.CharField(label=_("Name contains"), max_length=255, required=False)
    email = forms.CharField(label=_("Email address"), max_length=254, required=False)
    email_domain = forms.CharField(
        label=_("Email domain"),
        max_length=253,
        required=False,
        help_text=_("example.com, or *.example.com for every subdomain of it."),
    )
    ip_address = forms.CharField(
        label=_("IP address or range"),
        max_length=50,
        required=False,
        help_text=_("203.0.113.7, or a range such as 203.0.113.0/24 or 2001:db8::/32."),
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    postcode_sector = forms.CharField(
        label=_("Postcode sector"), max_length=10, required=False, help_text=_("Such as CF10 1.")
    )
    constituency = forms.ModelChoiceField(
        label=_("Constituency"), queryset=Constituency.objects.all(), required=False
    )
    country = CountryChoiceField(label=_("Country"), required=False)
    signed_after = forms.DateTimeField(
        label=_("Signed from"), required=False, widget=_WHEN, help_text=_("This time included.")
    )
    signed_before = forms.DateTimeField(
        label=_("Signed before"), required=False, widget=_WHEN, help_text=_("This time excluded.")
    )

    PARSERS = {
        "email": criteria.parse_email,
        "email_domain": criteria.parse_domain,
        "ip_address": criteria.parse_network,
        "postcode": criteria.parse_postcode,
        "postcode_sector": criteria.parse_sector,
    }

    def clean_petition(self):
        number = self.cleaned_data["petition"]
        if number is None:
            return None
        petition = Petition.objects.filter(pk=number).first()
        if petition is None:
            raise forms.ValidationError(_("There is no petition with this number."))
        return petition

    def clean(self):
        data = super().clean()
        for name, parse in self.PARSERS.items():
            value = (data.get(name) or "").strip()
            if name in self.fields and value:
                try:
                    parse(value)
                except criteria.BadCriteria as error:
                    self.add_error(name, str(error))
        if not self.errors and not self.criteria():
            raise forms.ValidationError(_("Give at least one criterion."))
        return data

    def criteria(self) -> dict:
        """The criteria given, as `matching_signatures` takes them."""
        data = self.cleaned_data
        given = {name: data.get(name) for name in criteria.CRITERIA if name in self.fields}
        return {
            name: value.strip() if isinstance(value, str) else value
            for name, value in given.items()
            if value not in (None, "") and not (isinstance(value, str) and not value.strip())
        }


class InvalidationForm(CriteriaForm):
    """A summary (it goes into each petition's history) and the criteria; no sector."""

    summary = forms.CharField(
        label=_("Summary"),
        max_length=255,
        help_text=_("Written in the history of each petition that loses signatures."),
    )
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea)
    field_order = ["summary", "details"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["postcode_sector"]
        self.fields["postcode"].max_length = Invalidation._meta.get_field("postcode").max_length

    def invalidation_fields(self) -> dict:
        data = self.cleaned_data
        return {"summary": data["summary"], "details": data["details"], **self.criteria()}
