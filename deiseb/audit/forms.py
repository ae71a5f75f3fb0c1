from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from deiseb.audit.models import AuditEntry


def object_type_label(label: str) -> str:
    """ "parliament.vote" as the admin names it ("Parliamentary record: vote")."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return f"{model._meta.app_config.verbose_name}: {model._meta.verbose_name}"


class ActorField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_username()


class AuditFilterForm(forms.Form):
    """Every field optional: an empty form shows the whole log, newest first."""

    actor = ActorField(label=_("By"), queryset=get_user_model().objects.none(), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), max_length=64, required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = ("", _("All"))
        actors = AuditEntry.objects.filter(actor__isnull=False).values("actor")
        self.fields["actor"].queryset = get_user_model().objects.filter(pk__in=actors)
        self.fields["actor"].empty_label = everyone[1]
        self.fields["action"].choices = [everyone, *AuditEntry.Action.choices]
        types = AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct()
        self.fields["object_type"].choices = [
            everyone,
            *sorted(((label, object_type_label(label)) for label in types), key=lambda c: c[1]),
        ]

    def filter(self, entries):
        """The entries that match what was asked; none if the form has errors."""
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        lookups = {
            "actor": data["actor"],
            "action": data["action"],
            "object_type": data["object_type"],
            "object_id": data["object_id"].strip(),
            "created_at__date__gte": data["date_from"],
            "created_at__date__lte": data["date_to"],
        }
        return entries.filter(**{key: value for key, value in lookups.items() if value})
