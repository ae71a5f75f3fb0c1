"""The clerks' message to a petition's signers (written in both languages, previewed, sent),
and a signer asking for the link to their own signatures."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from deiseb.core.forms import EmailAddressField
from deiseb.notifications.models import SignerMessage


class SignerMessageForm(forms.ModelForm):
    """`key` rides along from the first view to the confirmation, so the same message pressed
    "send" twice is sent once."""

    key = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = SignerMessage
        fields = ["key", "subject_en", "subject_cy", "body_en", "body_cy"]
        widgets = {
            "subject_cy": forms.TextInput(attrs={"lang": "cy"}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
            "body_cy": forms.Textarea(attrs={"rows": 10, "lang": "cy"}),
        }

    def __init__(self, *args, petition, **kwargs):
        kwargs.setdefault("initial", {"key": uuid.uuid4()})
        super().__init__(*args, **kwargs)
        self.instance.petition = petition

    def validate_unique(self):
        """A key already used is the same message confirmed again, not a mistake."""


class SignaturesLinkForm(forms.Form):
    email = EmailAddressField(
        label=_("Email address"),
        help_text=_("The address you signed with. We will email it a link to your signatures."),
    )
