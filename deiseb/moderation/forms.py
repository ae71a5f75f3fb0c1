from django import forms
from django.utils.translation import gettext_lazy as _

from deiseb.core.forms import PlainTextField
from deiseb.moderation.models import RejectionReason
from deiseb.moderation.services import TEXT_FIELDS, has_public_text
from deiseb.petitions.models import Petition


class PetitionTextForm(forms.Form):
    """Both languages side by side; moderators and translators fill in the missing one.

    For a translator, text already written is shown but locked (a disabled field keeps its
    value whatever is posted), and nothing is editable once the petition leaves moderation.
    A moderator changing text people have read must give a reason.
    """

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

    def __init__(self, *args, petition, moderates: bool, **kwargs):
        initial = {field: getattr(petition, field) for field in TEXT_FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        self.may_save = moderates or petition.is_in_moderation
        if not moderates:
            for field in TEXT_FIELDS:
                self.fields[field].disabled = bool(initial[field]) or not self.may_save
        elif has_public_text(petition):
            self.fields["edit_reason"] = PlainTextField(
                label=_("Why are you changing the text?"),
                help_text=_(
                    "People have read and signed this text. Your reason is kept in the "
                    "petition's history with the text before and after."
                ),
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "required": _("Give a reason for changing the text of a published petition.")
                },
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
    duplicate_of = forms.IntegerField(
        label=_("Number of the original petition (for a duplicate)"),
        help_text=_("Its page will link to the original, for signers to sign that instead."),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={"invalid": _("Enter the original petition's number, like 123.")},
    )

    def __init__(self, *args, petition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.petition = petition

    def clean_duplicate_of(self) -> Petition | None:
        """A petition people can still find and back: published, not rejected, not this one."""
        number = self.cleaned_data["duplicate_of"]
        if number is None:
            return None
        candidates = Petition.objects.published().exclude(state__in=Petition.REJECTED_STATES)
        if self.petition is not None:
            candidates = candidates.exclude(pk=self.petition.pk)
        original = candidates.filter(pk=number).first()
        if original is None:
            raise forms.ValidationError(
                _("There is no published petition %(number)s to link to.") % {"number": number},
                code="no_original",
            )
        return original


class NotesForm(forms.Form):
    notes = PlainTextField(
        label=_("Notes for other moderators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
