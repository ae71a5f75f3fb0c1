from django import forms
from django.utils.translation import gettext_lazy as _

from deiseb.core.forms import EmailAddressField, EmailTypoCheck, PersonNameField, PostcodeField
from deiseb.geography.forms import CountryChoiceField
from deiseb.geography.models import Country


class SignatureForm(EmailTypoCheck, forms.Form):
    name = PersonNameField(label=_("Name"), error_messages={"required": _("Enter your name")})
    email = EmailAddressField(
        label=_("Email address"),
        error_messages={"required": _("Enter your email address")},
        help_text=_("We will send you a link to confirm your signature. We never publish it."),
    )
    country = CountryChoiceField(
        label=_("Where do you live?"),
        initial=Country.WALES,
        empty_label=None,
        error_messages={
            "required": _("Choose your country"),
            "invalid_choice": _("Choose your country from the list"),
        },
    )
    postcode = PostcodeField(
        label=_("Postcode"),
        help_text=_("Needed if you live in the UK. We use it to count signatures by constituency."),
        required=False,
    )
    notify_by_email = forms.BooleanField(
        label=_(
            "Email me about this petition: the Committee's decisions, the Government's "
            "response and any debate"
        ),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("country")
        if (
            country
            and country.is_uk
            and not cleaned.get("postcode")
            and "postcode" not in self.errors
        ):
            self.add_error("postcode", _("Enter your postcode. You need one to sign from the UK."))
        if country and not country.is_uk:
            cleaned["postcode"] = ""
        return cleaned
