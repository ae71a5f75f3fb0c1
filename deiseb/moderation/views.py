"""The moderation queue and one small view per action a moderator can take."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from deiseb.accounts.roles import MODERATORS, TRANSLATORS, role_required
from deiseb.moderation import forms, services
from deiseb.petitions.models import Petition
from deiseb.petitions.services import InvalidTransition


def petition_for_staff(pk: int) -> Petition:
    """The one way staff views load a petition: any state, with what the page needs."""
    return get_object_or_404(
        Petition.objects.select_related("rejection__reason").prefetch_related("actions__by"),
        pk=pk,
    )


@role_required(MODERATORS, TRANSLATORS)
def queue(request):
    petitions = Petition.objects.in_moderation().order_by("sponsored_at", "pk")
    recent = Petition.objects.exclude(state__in=Petition.MODERATION_STATES).order_by("-updated_at")[
        :20
    ]
    return render(request, "moderation/queue.html", {"petitions": petitions, "recent": recent})


@role_required(MODERATORS, TRANSLATORS)
def petition(request, pk):
    petition = petition_for_staff(pk)
    text_form = forms.PetitionTextForm(
        initial={field: getattr(petition, field) for field in services.TEXT_FIELDS}
    )
    context = {
        "petition": petition,
        "text_form": text_form,
        "reject_form": forms.RejectForm(),
        "notes_form": forms.NotesForm(),
        "supporters": petition.signatures.filter(kind__in=["creator", "sponsor"]).order_by("pk"),
    }
    return render(request, "moderation/petition.html", context)


@require_POST
@role_required(MODERATORS, TRANSLATORS)
def save_text(request, pk):
    petition = petition_for_staff(pk)
    form = forms.PetitionTextForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "moderation/petition.html",
            {
                "petition": petition,
                "text_form": form,
                "reject_form": forms.RejectForm(),
                "notes_form": forms.NotesForm(),
            },
            status=400,
        )
    services.update_petition_text(petition, by=request.user, **form.cleaned_data)
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


@require_POST
@role_required(MODERATORS)
def publish(request, pk):
    return _act(
        request, petition_for_staff(pk), services.publish_petition, _("Petition published.")
    )


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
