from django import forms
from django.utils.translation import gettext_lazy as _

from deiseb.core.forms import plain_text


class LegalHoldForm(forms.Form):
    """Place or lift a legal hold on one petition: why is required, and goes in its history."""

    reason = plain_text(_("Reason"), 500, rows=2)

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, prefix=f"hold-{petition.pk}", **kwargs)
        self.petition = petition
        self.fields["reason"].error_messages["required"] = _("Say why, for the petition's history.")
