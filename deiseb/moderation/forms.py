from django import forms
from django.utils.translation import gettext_lazy as _

from deiseb.core.forms import PlainTextField
from deiseb.moderation.models import RejectionReason


class PetitionTextForm(forms.Form):
    """Both languages side by side; moderators and translators fill in the missing one."""

    action_en = PlainTextField(label=_("Action (English)"), max_length=100, required=False)
    action_cy = PlainTextField(label=_("Action (Welsh)"), max_length=100, required=False)
    background_en = PlainTextField(
        label=_("Background (English)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    background_cy = PlainTextField(
        label=_("Background (Welsh)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    additional_details_en = PlainTextField(
        label=_("Additional details (English)"),
        max_length=1100,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    additional_details_cy = PlainTextField(
        label=_("Additional details (Welsh)"),
        max_length=1100,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("action_en") or cleaned.get("action_cy")):
            raise forms.ValidationError(_("A petition needs its action in at least one language."))
        return cleaned


class ReasonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.hidden:
            return _("%(title)s (hidden from the public)") % {"title": obj.title}
        return obj.title


class RejectForm(forms.Form):
    reason = ReasonChoiceField(
        label=_("Reason"), queryset=RejectionReason.objects.all(), widget=forms.RadioSelect
    )
    details_en = PlainTextField(
        label=_("Details (English)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    details_cy = PlainTextField(
        label=_("Details (Welsh)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NotesForm(forms.Form):
    notes = PlainTextField(
        label=_("Notes for other moderators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
