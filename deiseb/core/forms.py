"""Field types every public form shares, so the bad-input rules are written once."""

from django import forms
from django.utils.translation import gettext_lazy as _

from deiseb.lib import postcodes
from deiseb.lib.text import reject_formula, reject_url, tidy


class PlainTextField(forms.CharField):
    """Free text: tidied, and refused if a spreadsheet would run it as a formula."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [])
        kwargs["validators"] = [reject_formula, *kwargs["validators"]]
        super().__init__(*args, **kwargs)
        if self.max_length:
            self.error_messages["max_length"] = _(
                "Use %(limit_value)d characters or fewer (you used %(show_value)d)."
            )

    def to_python(self, value):
        return tidy(super().to_python(value))


class PersonNameField(PlainTextField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        kwargs["validators"] = [reject_url, *kwargs.get("validators", [])]
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("autocomplete", "name")


class EmailAddressField(forms.EmailField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(*args, **kwargs)
        self.error_messages["invalid"] = _(
            "Enter an email address in the right format, like name@example.com."
        )
        self.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})


class PostcodeField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"autocomplete": "postal-code", "class": "input-postcode"})

    def clean(self, value):
        value = super().clean(value)
        if value and not postcodes.is_valid(value):
            raise forms.ValidationError(
                _("Enter a real UK postcode, like CF99 1SN."), code="invalid_postcode"
            )
        return postcodes.normalise(value)
