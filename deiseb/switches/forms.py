from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deiseb.core.forms import DayMonthYearField, PersonNameField, PlainTextField
from deiseb.switches.models import Pause

PAUSE_LABELS = {
    Pause.Switch.SIGNING: _("Pause signing"),
    Pause.Switch.CREATING: _("Pause starting new petitions"),
}


def _text(label, max_length, rows=None, required=True):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return PlainTextField(label=label, max_length=max_length, required=required, widget=widget)


class SwitchForm(forms.Form):
    """One switch: paused or not, and what the banner says (empty for the standard wording)."""

    paused = forms.BooleanField(required=False)
    message_en = _text(_("Message (English)"), 500, rows=3, required=False)
    message_cy = _text(_("Message (Welsh)"), 500, rows=3, required=False)

    def __init__(self, *args, switch: str, **kwargs):
        super().__init__(*args, prefix=switch, **kwargs)
        self.switch = switch
        self.fields["paused"].label = PAUSE_LABELS[switch]
        for name in ("message_en", "message_cy"):
            self.fields[name].help_text = _(
                "Shown on every page while paused. Leave empty for the standard wording."
            )


class PaperPetitionForm(forms.Form):
    """A petition handed in on paper, typed in by a clerk in both languages."""

    action_en = _text(_("Action (English)"), 100)
    action_cy = _text(_("Action (Welsh)"), 100)
    background_en = _text(_("Background (English)"), 500, rows=5)
    background_cy = _text(_("Background (Welsh)"), 500, rows=5)
    additional_details_en = _text(_("Additional details (English)"), 1100, rows=6, required=False)
    additional_details_cy = _text(_("Additional details (Welsh)"), 1100, rows=6, required=False)
    creator_name = PersonNameField(label=_("Name of the person who started it"))
    submitted_on = DayMonthYearField(
        label=_("Date it was handed in"),
        error_messages={
            "invalid": _("Enter a real date, like 31 3 2027."),
            "required": _("Enter the date the petition was handed in."),
        },
    )
    signatures = forms.IntegerField(
        label=_("Number of signatures"),
        min_value=1,
        max_value=10_000_000,
        error_messages={"required": _("Enter the number of signatures on the paper petition.")},
    )

    def clean_submitted_on(self):
        value = self.cleaned_data["submitted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date it was handed in cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        english, welsh = (cleaned.get(f"additional_details_{lang}") for lang in ("en", "cy"))
        if bool(english) != bool(welsh):
            raise forms.ValidationError(
                _("Give the additional details in both languages, or in neither.")
            )
        return cleaned
