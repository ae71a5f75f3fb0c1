"""The moderation queue and one small view per action a moderator can take.

Every page here shows a creator's private details or a staff form: none may be cached. Whoever
opens a petition to work on it holds its edit lock (deiseb.moderation.locks); every action
renews it, or is refused while someone else holds it, and a decision releases it.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from deiseb.accounts.roles import TRANSLATORS, has_role, role_required
from deiseb.integrity import stats, trending
from deiseb.integrity.models import TrendingAddress
from deiseb.moderation import forms, locks, queries, services
from deiseb.petitions.lifecycle import InvalidTransition, verbs_from
from deiseb.petitions.models import Petition


def petition_for_staff(pk: int) -> Petition:
    """The one way staff views load a petition: any state, with what the page needs."""
    return get_object_or_404(
        Petition.objects.select_related("rejection__reason").prefetch_related("events__by"),
        pk=pk,
    )


def _duration(lag) -> str:
    """A lag as people say it ("3 days, 4 hours"), in the page's language."""
    now = timezone.now()
    return timesince(now - lag, now)


@never_cache
@role_required(*services.DECIDERS, TRANSLATORS)
def queue(request):
    facet = request.GET.get("facet", "")
    facet = facet if facet in queries.FACETS else ""
    counts = queries.facet_counts()
    lag, decided = queries.average_lag()
    recent = Petition.objects.exclude(state__in=Petition.MODERATION_STATES).order_by("-updated_at")[
        :20
    ]
    context = {
        "rows": [(petition, queries.FACETS[petition.facet]) for petition in queries.queue(facet)],
        "facet": facet,
        "facets": [(name, label, counts[name]) for name, label in queries.FACETS.items()],
        "total": counts["all"],
        "average_lag": _duration(lag) if lag is not None else "",
        "decided": decided,
        "lag_days": queries.LAG_WINDOW.days,
        "recent": recent,
        "moderates": has_role(request.user, *services.DECIDERS),
    }
    return render(request, "moderation/queue.html", context)


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


# What a moderator who is not a sysadmin is not offered on a rejected or hidden petition.
REMODERATION_VERBS = ("restore", "reject", "hide")


def _petition_page(request, petition, text_form, *, moderates: bool, locked_by, status=200):
    can = {verb.name: True for verb in verbs_from(petition)}
    remoderation_refused = not services.may_remoderate(request.user, petition)
    if remoderation_refused:
        for name in REMODERATION_VERBS:
            can.pop(name, None)
    lag = queries.moderation_lag(petition)
    context = {
        "petition": petition,
        "text_form": text_form,
        "reject_form": forms.RejectForm(),
        "notes_form": forms.NotesForm(),
        "moderates": moderates,
        "history": _history(petition),
        "can": can,
        "remoderation_refused": remoderation_refused,
        "lag": _duration(lag) if lag is not None else "",
        "locked_by": locks.display_name(locked_by) if locked_by else "",
        "supporters": petition.signatures.filter(kind__in=["creator", "sponsor"]).order_by("pk"),
    }
    if moderates:  # signers' addresses and domains are for moderators, not translators
        context |= _addresses(petition) | {"stats": stats.petition_stats(petition)}
    return render(request, "moderation/petition.html", context, status=status)


def _addresses(petition=None) -> dict:
    """The last hour's trending and fraudulent addresses, site-wide or on one petition.

    Each carries the query that finds its signatures in the staff signature search.
    """
    now = timezone.now()
    hour = trending.last_complete_hour(now)
    rows = list(trending.trending_last_hour(petition, now=now))
    for row in rows:
        row.search_query = _search_query(
            row.petition_id, row.kind, row.value, hour, until=hour + trending.HOUR
        )
    fraudulent = trending.fraudulent_last_hour(petition, now=now)
    tables = []
    for kind, label in (
        (TrendingAddress.Kind.IP, _("By IP address")),
        (TrendingAddress.Kind.DOMAIN, _("By email domain")),
    ):
        for group in fraudulent[kind]:
            group["search_query"] = _search_query(
                petition and petition.pk, kind, group["value"], now - trending.HOUR
            )
        tables.append((kind, label, fraudulent[kind]))
    return {
        "trending_hour": hour,
        "trending_hour_end": hour + trending.HOUR,
        "trending": rows,
        "fraudulent_tables": tables,
        "log_threshold": settings.TRENDING_LOG_THRESHOLD,
        "notify_threshold": settings.TRENDING_NOTIFY_THRESHOLD,
    }


def _search_query(petition_id, kind, value, since, until=None) -> str:
    """Criteria for the signature search: this address or domain, on the petition, in the time.

    The search reads times to the minute, in the site's time zone: `since` is rounded down,
    and a window still open (no `until`) has no end, so nothing counted here is left out.
    """
    field = "ip_address" if kind == TrendingAddress.Kind.IP else "email_domain"
    params = {"petition": petition_id or "", field: value, "signed_after": _minute(since)}
    if until is not None:
        params["signed_before"] = _minute(until)
    return urlencode({key: value for key, value in params.items() if value})


def _minute(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


@never_cache
@role_required(*services.DECIDERS)
def trending_addresses(request):
    """Site-wide: which IP addresses and email domains signed the most in the last hour."""
    return render(request, "moderation/trending.html", _addresses())


def _lock(request, petition, *, writes: bool):
    """Take or renew the lock for someone who may change the petition here; who else holds it.

    A translator who can only read the petition (it has left moderation) does not lock it.
    """
    if writes:
        return locks.take(petition, request.user)
    return locks.held_by_other(petition, request.user)


def _locked_out(request, petition):
    """The refusal of an action while someone else holds the lock, or None (lock renewed)."""
    holder = locks.take(petition, request.user)
    if holder is None:
        return None
    messages.error(
        request,
        _("%(name)s is editing this petition. Take over before you act on it.")
        % {"name": locks.display_name(holder)},
    )
    return redirect("moderation:petition", pk=petition.pk)


def _sysadmin_only(request, petition):
    """The refusal of a re-moderation by someone who is not a sysadmin, or None."""
    if services.may_remoderate(request.user, petition):
        return None
    return render(request, "moderation/sysadmin_only.html", {"petition": petition}, status=403)


@never_cache
@role_required(*services.DECIDERS, TRANSLATORS)
def petition(request, pk):
    petition = petition_for_staff(pk)
    moderates = has_role(request.user, *services.DECIDERS)
    form = forms.PetitionTextForm(petition=petition, moderates=moderates)
    locked_by = _lock(request, petition, writes=moderates or form.may_save)
    return _petition_page(request, petition, form, moderates=moderates, locked_by=locked_by)


@never_cache
@require_POST
@role_required(*services.DECIDERS, TRANSLATORS)
def take_over(request, pk):
    """Take the petition from whoever is editing it; audited, since they may be mid-decision."""
    petition = petition_for_staff(pk)
    previous = locks.take_over(petition, request.user)
    if previous is not None:
        messages.success(
            request,
            _("You have taken over this petition from %(name)s.")
            % {"name": locks.display_name(previous)},
        )
    return redirect("moderation:petition", pk=pk)


@never_cache
@require_POST
@role_required(*services.DECIDERS, TRANSLATORS)
def save_text(request, pk):
    """Only a moderator publishes; a translator only fills in an empty field (see the form)."""
    petition = petition_for_staff(pk)
    moderates = has_role(request.user, *services.DECIDERS)
    form = forms.PetitionTextForm(request.POST, petition=petition, moderates=moderates)
    if not form.may_save or ("publish" in request.POST and not moderates):
        raise PermissionDenied
    if refused := _locked_out(request, petition):
        return refused
    if not form.is_valid():
        return _petition_page(
            request, petition, form, moderates=moderates, locked_by=None, status=400
        )
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
    """Carry out a decision; on success the lock is let go and the moderator sent to the queue."""
    if refused := _locked_out(request, petition):
        return refused
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
        locks.release(petition, request.user)
        messages.success(request, success)
        return redirect("moderation:queue")
    return redirect("moderation:petition", pk=petition.pk)


@never_cache
@require_POST
@role_required(*services.DECIDERS)
def publish(request, pk):
    return _act(
        request, petition_for_staff(pk), services.publish_petition, _("Petition published.")
    )


@never_cache
@require_POST
@role_required(*services.DECIDERS)
def reject(request, pk):
    petition = petition_for_staff(pk)
    if refused := _sysadmin_only(request, petition):
        return refused
    form = forms.RejectForm(request.POST, petition=petition)
    if not form.is_valid():
        if "duplicate_of" in form.errors:
            messages.error(request, form.errors["duplicate_of"][0])
        else:
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
        duplicate_of=form.cleaned_data["duplicate_of"],
    )


def _notes(request) -> str:
    form = forms.NotesForm(request.POST)
    return form.cleaned_data["notes"] if form.is_valid() else ""


def _action_with_notes(service, success):
    """Flag and unflag differ only in the service they call and what they say."""

    @never_cache
    @require_POST
    @role_required(*services.DECIDERS)
    def view(request, pk):
        return _act(request, petition_for_staff(pk), service, str(success), notes=_notes(request))

    return view


flag = _action_with_notes(
    services.flag_petition, gettext_lazy("Petition flagged for a second look.")
)
unflag = _action_with_notes(
    services.unflag_petition, gettext_lazy("Petition returned to the queue.")
)


@never_cache
@require_POST
@role_required(*services.DECIDERS)
def restore(request, pk):
    petition = petition_for_staff(pk)
    if refused := _sysadmin_only(request, petition):
        return refused
    return _act(
        request, petition, services.restore_petition, _("Petition restored."), notes=_notes(request)
    )
