from django import forms
from django.utils.translation import gettext_lazy as _

from deiseb.accounts import services

CODE_ATTRS = {"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}


class AppCodeForm(forms.Form):
    """The first code from a newly added authenticator app, which proves it holds the secret."""

    code = forms.CharField(
        label=_("Code from the app"),
        help_text=_("The 6-digit code your authenticator app shows for this account."),
        max_length=32,
        widget=forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric"}),
        error_messages={"required": _("Enter the code from your authenticator app.")},
    )


class SecondFactorForm(forms.Form):
    """The second step of signing in: a code from the app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code"),
        help_text=_(
            "The 6-digit code from your authenticator app. Without your phone, use one of your "
            "recovery codes instead."
        ),
        max_length=32,
        widget=forms.TextInput(attrs=CODE_ATTRS),
        error_messages={"required": _("Enter the code from your authenticator app.")},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"]
        self.device, throttled = services.check_code(self.user, code)
        if self.device is None:
            if throttled:
                raise forms.ValidationError(
                    _("Too many wrong codes. Wait a minute, then try again."), code="throttled"
                )
            raise forms.ValidationError(
                _("That code is not right. Enter the code your app shows now."), code="wrong"
            )
        return code
