from django import forms
from django.utils.translation import gettext_lazy as _

from deiseb.core.forms import plain_text
from deiseb.switches.models import Pause

PAUSE_LABELS = {
    Pause.Switch.SIGNING: _("Pause signing"),
    Pause.Switch.CREATING: _("Pause starting new petitions"),
}


class SwitchForm(forms.Form):
    """One switch: paused or not, and what the banner says (empty for the standard wording)."""

    paused = forms.BooleanField(required=False)
    message_en = plain_text(_("Message (English)"), 500, rows=3, required=False)
    message_cy = plain_text(_("Message (Welsh)"), 500, rows=3, required=False)

    def __init__(self, *args, switch: str, **kwargs):
        super().__init__(*args, prefix=switch, **kwargs)
        self.switch = switch
        self.fields["paused"].label = PAUSE_LABELS[switch]
        for name in ("message_en", "message_cy"):
            self.fields[name].help_text = _(
                "Shown on every page while paused. Leave empty for the standard wording."
            )
