"""The moderation queue and one small view per action a moderator can take.

Every page here shows a creator's private details or a staff form: none may be cached.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from deiseb.accounts.roles import MODERATORS, TRANSLATORS, has_role, role_required
from deiseb.moderation import forms, services
from deiseb.petitions.lifecycle import InvalidTransition, verbs_from
from deiseb.petitions.models import Petition


def petition_for_staff(pk: int) -> Petition:
    """The one way staff views load a petition: any state, with what the page needs."""
    return get_object_or_404(
        Petition.objects.select_related("rejection__reason").prefetch_related("events__by"),
        pk=pk,
    )


@never_cache
@role_required(MODERATORS, TRANSLATORS)
def queue(request):
    petitions = Petition.objects.in_moderation().order_by("sponsored_at", "pk")
    recent = Petition.objects.exclude(state__in=Petition.MODERATION_STATES).order_by("-updated_at")[
        :20
    ]
    return render(request, "moderation/queue.html", {"petitions": petitions, "recent": recent})


def _history(petition):
    """Each entry in the petition's history, with the text before and after an edit."""
    labels = forms.PetitionTextForm.base_fields
    return [
        (
            event,
            [
                (labels[field].label if field in labels else field, before, after)
                for field, (before, after) in event.changes.items()
            ],
        )
        for event in petition.events.all()
    ]


def _petition_page(request, petition, text_form, *, moderates: bool, status=200):
    context = {
        "petition": petition,
        "text_form": text_form,
        "reject_form": forms.RejectForm(),
        "notes_form": forms.NotesForm(),
        "moderates": moderates,
        "history": _history(petition),
        "can": {verb.name: True for verb in verbs_from(petition)},
        "supporters": petition.signatures.filter(kind__in=["creator", "sponsor"]).order_by("pk"),
    }
    return render(request, "moderation/petition.html", context, status=status)


@never_cache
@role_required(MODERATORS, TRANSLATORS)
def petition(request, pk):
    petition = petition_for_staff(pk)
    moderates = has_role(request.user, MODERATORS)
    form = forms.PetitionTextForm(petition=petition, moderates=moderates)
    return _petition_page(request, petition, form, moderates=moderates)


@never_cache
@require_POST
@role_required(MODERATORS, TRANSLATORS)
def save_text(request, pk):
    """Only a moderator publishes; a translator only fills in an empty field (see the form)."""
    petition = petition_for_staff(pk)
    moderates = has_role(request.user, MODERATORS)
    form = forms.PetitionTextForm(request.POST, petition=petition, moderates=moderates)
    if not form.may_save or ("publish" in request.POST and not moderates):
        raise PermissionDenied
    if not form.is_valid():
        return _petition_page(request, petition, form, moderates=moderates, status=400)
    texts = {field: form.cleaned_data[field] for field in services.TEXT_FIELDS}
    try:
        services.update_petition_text(
            petition, by=request.user, reason=form.cleaned_data.get("edit_reason", ""), **texts
        )
    except services.TextChangeRefused as refused:
        messages.error(request, str(refused))
        return redirect("moderation:petition", pk=pk)
    if "publish" in request.POST:
        return _act(request, petition, services.publish_petition, _("Petition published."))
    messages.success(request, _("Text saved."))
    return redirect("moderation:petition", pk=pk)


def _act(request, petition, action, success: str, **kwargs):
    try:
        action(petition, by=request.user, **kwargs)
    except services.MissingTranslation:
        messages.error(request, _("Add the text in both English and Welsh before publishing."))
    except InvalidTransition:
        messages.error(
            request,
            _("That action is not possible now: the petition is %(state)s.")
            % {"state": Petition.objects.get(pk=petition.pk).get_state_display()},
        )
    else:
        messages.success(request, success)
    return redirect("moderation:petition", pk=petition.pk)


@never_cache
@require_POST
@role_required(MODERATORS)
def publish(request, pk):
    return _act(
        request, petition_for_staff(pk), services.publish_petition, _("Petition published.")
    )


@never_cache
@require_POST
@role_required(MODERATORS)
def reject(request, pk):
    petition = petition_for_staff(pk)
    form = forms.RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason for rejecting the petition."))
        return redirect("moderation:petition", pk=pk)
    return _act(
        request,
        petition,
        services.reject_petition,
        _("Petition rejected."),
        reason=form.cleaned_data["reason"],
        details_en=form.cleaned_data["details_en"],
        details_cy=form.cleaned_data["details_cy"],
    )


def _notes(request) -> str:
    form = forms.NotesForm(request.POST)
    return form.cleaned_data["notes"] if form.is_valid() else ""


def _action_with_notes(service, success):
    """Flag, unflag and restore differ only in the service they call and what they say."""

    @never_cache
    @require_POST
    @role_required(MODERATORS)
    def view(request, pk):
        return _act(request, petition_for_staff(pk), service, str(success), notes=_notes(request))

    return view


flag = _action_with_notes(
    services.flag_petition, gettext_lazy("Petition flagged for a second look.")
)
unflag = _action_with_notes(
    services.unflag_petition, gettext_lazy("Petition returned to the queue.")
)
restore = _action_with_notes(services.restore_petition, gettext_lazy("Petition restored."))
