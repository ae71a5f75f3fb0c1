"""The one way a form refuses an attempt over a per-connection limit, saying so in the page;
and the sysadmins' forms for the signing rates and the allow and block lists."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from deiseb.core.forms import plain_text
from deiseb.ratelimits import rules
from deiseb.ratelimits.models import AddressRule, SigningRates
from deiseb.ratelimits.services import RATE_FIELDS, allow, client_ip

MAX_RATE = 1_000_000  # a day is 86,400 seconds; nothing sensible is near this


def too_many(request, form, action: str) -> bool:
    """Refuse one more attempt from this connection, saying so on the form; nothing is saved."""
    limit = getattr(settings, f"RATE_LIMIT_{action.upper()}_PER_IP")
    if allow(action, client_ip(request), limit, settings.RATE_LIMIT_WINDOW):
        return False
    form.add_error(
        None,
        forms.ValidationError(
            _(
                "Too many attempts have come from your connection in the last few minutes. "
                "Nothing has been saved: wait a few minutes, then try again."
            ),
            code="rate_limited",
        ),
    )
    return True


class SigningRatesForm(forms.ModelForm):
    """The signing rates, each a whole number of at least 1 (0 would ban every signature)."""

    class Meta:
        model = SigningRates
        fields = list(RATE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.min_value = 1
            field.max_value = MAX_RATE
            field.widget.attrs.update(min=1, max=MAX_RATE, inputmode="numeric")
            field.validators = [MinValueValidator(1), MaxValueValidator(MAX_RATE)]
            field.error_messages["invalid"] = _("Enter a whole number, such as 5.")


ALREADY_LISTED = _("That entry is already on this list.")
INVALID_VALUE = {
    AddressRule.Kind.IP: _(
        "Enter an IP address, such as 203.0.113.7, or a range, such as 203.0.113.0/24 or "
        "2001:db8::/32 (a range's address must be its first, with the host part zero)."
    ),
    AddressRule.Kind.DOMAIN: _(
        "Enter an email domain, such as example.com, or *.example.com for all its subdomains."
    ),
    AddressRule.Kind.EMAIL: _("Enter an email address, such as name@example.com."),
}


class AddressRuleForm(forms.Form):
    """One entry for the allow or block list, put in its canonical form (`rules.normalise`)."""

    list_name = forms.ChoiceField(
        label=_("List"), choices=AddressRule.List.choices, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        label=_("What it is"), choices=AddressRule.Kind.choices, widget=forms.RadioSelect
    )
    value = forms.CharField(label=_("Address, range, domain or email"), max_length=254)
    note = plain_text(_("Why (for other staff)"), 200, required=False)

    def clean(self):
        data = super().clean()
        kind, value = data.get("kind"), data.get("value")
        if not kind or not value:
            return data
        try:
            data["value"] = rules.normalise(kind, value)
        except ValueError:
            self.add_error("value", forms.ValidationError(INVALID_VALUE[kind], code="invalid"))
            return data
        listed = AddressRule.objects.filter(list=data.get("list_name"), kind=kind)
        if listed.filter(value=data["value"]).exists():
            self.add_error("value", ALREADY_LISTED)
        return data
