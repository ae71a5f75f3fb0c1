from django import forms
from django.utils.translation import gettext_lazy as _

from deiseb.core.forms import plain_text


class LegalHoldForm(forms.Form):
    """Place or lift a legal hold on one petition: why is required, and goes in its history."""

    reason = plain_text(_("Reason"), 500, rows=2)
    # What the page offered: a press from a page that is out of date changes nothing.
    place = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, petition, **kwargs):
        kwargs.setdefault("initial", {"place": not petition.legal_hold})
        super().__init__(*args, prefix=f"hold-{petition.pk}", **kwargs)
        self.petition = petition
        self.fields["reason"].error_messages["required"] = _("Say why, for the petition's history.")
