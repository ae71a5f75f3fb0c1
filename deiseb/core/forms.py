"""Field types every public form shares, so the bad-input rules are written once."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from deiseb.lib import emailcheck, postcodes
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


def plain_text(label, max_length: int, rows: int | None = None, required: bool = True):
    """A `PlainTextField`, in a text area of `rows` lines when given (staff forms' shorthand)."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return PlainTextField(label=label, max_length=max_length, required=required, widget=widget)


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


class EmailTypoCheck:
    """A form mixin that asks "Did you mean ann@gmail.com?" before taking "ann@gmial.com".

    On the server, so it works without JavaScript: when the `email` field's domain looks like a
    typo of a common one, the form comes back with every answer kept and a choice between the
    suggestion and the address as typed (`email_choice`). The choice made is put in
    `cleaned_data["email_choice"]`, so answers stored and checked again later pass the same way.
    """

    CHOICE = "email_choice"

    email_suggestion = None
    email_chosen = ""

    def clean_email(self):
        email = self.cleaned_data["email"]
        suggestion = emailcheck.suggest(email)
        if suggestion is None:
            return email
        choice = (self.data.get(self.CHOICE) or "").strip().lower()
        if choice == suggestion.lower():
            # Shown in the email box, and the choice kept, if the page comes back for another
            # answer.
            self.email_chosen = suggestion
            self.data = self.data.copy()
            self.data["email"] = suggestion
            return suggestion
        if choice == email.lower():
            self.email_chosen = email
            return email
        self.email_suggestion = suggestion
        raise forms.ValidationError(
            _("Did you mean %(suggestion)s? Choose the address to use")
            % {"suggestion": self.email_suggestion},
            code="email_typo",
        )

    def clean(self):
        cleaned = super().clean()
        if "email" in cleaned and self.data.get(self.CHOICE):
            cleaned[self.CHOICE] = cleaned["email"]
        return cleaned

    def email_typed(self) -> str:
        """The address as typed, to offer it back beside the suggestion."""
        return (self.data.get("email") or "").strip()


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


class DayMonthYearWidget(forms.MultiWidget):
    """GOV.UK's date input: three labelled boxes, read the same way in every browser and language.

    Also accepts one ISO date under the field's own name, as stored answers are re-checked.
    """

    template_name = "core/widgets/day_month_year.html"
    parts = (("day", _("Day"), 2), ("month", _("Month"), 2), ("year", _("Year"), 4))

    def __init__(self, attrs=None):
        widgets = {
            name: forms.TextInput(
                attrs={"inputmode": "numeric", "class": f"input-date input-date-{name}"}
            )
            for name, _label, _size in self.parts
        }
        super().__init__(widgets, attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, (_name, label, _size) in zip(
            context["widget"]["subwidgets"], self.parts, strict=True
        ):
            subwidget["label"] = label
        return context

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else ""

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        return [value.day, value.month, value.year] if value else [None, None, None]

    def value_from_datadict(self, data, files, name):
        if name in data:
            return data[name]
        return super().value_from_datadict(data, files, name)


class DayMonthYearField(forms.DateField):
    widget = DayMonthYearWidget

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            parts = [str(part or "").strip() for part in value]
            if not any(parts):
                return None
            try:
                day, month, year = (int(part) for part in parts)
                return datetime.date(year, month, day)
            except ValueError:
                invalid = self.error_messages["invalid"]
                raise forms.ValidationError(invalid, code="invalid") from None
        return super().to_python(value)
