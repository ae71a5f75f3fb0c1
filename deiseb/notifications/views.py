"""Stopping updates from a link in the email; a signer's own signatures, by a link emailed to
them; and the clerks' pages that send updates: about a debate, the Welsh Government's response
("save and email"), and other parliamentary business (written, previewed in both languages,
confirmed)."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from deiseb.accounts.roles import CLERKS, role_required
from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.notifications import emails, own, services
from deiseb.notifications.forms import SignaturesLinkForm, SignerMessageForm
from deiseb.notifications.models import PetitionUpdate
from deiseb.notifications.tokens import (
    BadLink,
    ExpiredLink,
    signature_for_link,
    signature_for_token,
)
from deiseb.parliament import services as record
from deiseb.parliament.forms import GovernmentResponseForm
from deiseb.parliament.models import Debate
from deiseb.parliament.staff_views import petition_for_staff, refusal
from deiseb.petitions.lifecycle import VERBS, InvalidTransition
from deiseb.ratelimits.forms import too_many


# The signed token in the path is the credential, and RFC 8058 one-click unsubscribe is a POST
# from the mail client that carries no CSRF token. GET only shows the button, because mail
# scanners follow links. Never cached: the page is one signer's.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    signature = signature_for_token(token)
    if signature is None:
        return render(
            request,
            "notifications/unsubscribe_problem.html",
            {"contact_email": settings.CONTACT_EMAIL},
            status=404,
        )
    context = {"petition": signature.petition}
    if request.method == "POST":
        services.stop_updates(signature)
        return render(request, "notifications/unsubscribed.html", context)
    context["subscribed"] = services.wants_updates(signature)
    return render(request, "notifications/unsubscribe.html", context)


def debate_for_staff(pk: int) -> Debate:
    return get_object_or_404(Debate, pk=pk)


def _rows(debate: Debate) -> list[dict]:
    """Each published petition with its audience and the progress of each kind of update."""
    updates = {
        (update.petition_id, update.kind): update
        for update in PetitionUpdate.objects.filter(debate=debate)
    }
    rows = []
    for petition in services.published_petitions(debate):
        sent = []
        for kind, label in PetitionUpdate.Kind.choices:
            update = updates.get((petition.pk, kind))
            if update is not None:
                sent.append((label, update, services.progress(update)))
        rows.append(
            {
                "petition": petition,
                "recipients": services.recipient_count(petition.pk),
                "updates": sent,
            }
        )
    return rows


def _choices(debate: Debate) -> list[tuple]:
    """Each kind of update with its button label, and why it cannot be sent now (or "")."""
    choices = []
    for kind, button in (
        (PetitionUpdate.Kind.DEBATE_SCHEDULED, _("Email signers that the debate is scheduled")),
        (PetitionUpdate.Kind.DEBATE_OUTCOME, _("Email signers the outcome")),
    ):
        try:
            services.check_sendable(debate, kind)
        except services.UpdateRefused as refused:
            choices.append((kind, button, str(refused)))
        else:
            choices.append((kind, button, ""))
    return choices


@never_cache
@role_required(CLERKS)
def debate(request, pk):
    debate = debate_for_staff(pk)
    context = {"debate": debate, "rows": _rows(debate), "choices": _choices(debate)}
    return render(request, "notifications/staff/debate.html", context)


def _debate_previews(debate: Debate, kind: str, rows: list[dict]) -> dict:
    """The email as a signer of the first petition will read it in each language, from a
    sample constituency (a place, not a person: no signer's details are read)."""
    if not rows:
        return {}
    place = emails.sample_constituency(debate)
    petition = rows[0]["petition"]
    return {
        "preview_petition": petition,
        "preview_place": place,
        "previews": [
            emails.debate_preview(kind, debate, petition, place, language)
            for language in ("en", "cy")
        ],
    }


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(CLERKS)
def send(request, pk, kind):
    """GET asks the clerk to confirm who will be emailed; POST starts sending."""
    debate = debate_for_staff(pk)
    if kind not in PetitionUpdate.Kind.values:
        return redirect("updates:debate", pk=pk)
    try:
        if request.method == "GET":
            services.check_sendable(debate, kind)
            context = {"debate": debate, "kind": kind, "rows": _rows(debate)}
            context.update(_debate_previews(debate, kind, context["rows"]))
            return render(request, "notifications/staff/confirm.html", context)
        with transaction.atomic():
            updates = services.email_signers(debate, kind, by=request.user)
            petitions = ", ".join(str(update.petition_id) for update in updates)
            audit.record(
                request.user, AuditEntry.Action.EMAIL_SIGNERS, debate, notes=f"{kind}: {petitions}"
            )
    except services.UpdateRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            ngettext(
                "Sending to the signers of %(count)s petition. Progress is shown below.",
                "Sending to the signers of %(count)s petitions. Progress is shown below.",
                len(updates),
            )
            % {"count": len(updates)},
        )
    return redirect("updates:debate", pk=pk)


# -- a petition's own updates ----------------------------------------------------------------


@never_cache
@role_required(CLERKS)
def petition(request, pk):
    """Every email sent (or sending) to a petition's signers, with its progress."""
    petition = petition_for_staff(pk)
    context = {
        "petition": petition,
        "recipients": services.recipient_count(petition.pk),
        "updates": services.petition_updates(petition),
    }
    return render(request, "notifications/staff/petition.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(CLERKS)
def response(request, pk):
    """Save and email: the response is recorded through its verb and its update started in one
    transaction, so there is never a response its signers were not sent (or the reverse)."""
    petition = petition_for_staff(pk)
    if request.method == "GET" and not VERBS["record_response"].allows(petition):
        messages.error(request, refusal(petition))
        return redirect("record:petition", pk=pk)
    form = GovernmentResponseForm(request.POST or None, petition=petition)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved, created = record.record_response(form.instance, by=request.user)
                    update = services.email_response(saved, by=request.user)
                    if created:
                        audit.record(
                            request.user,
                            AuditEntry.Action.RECORD_RESPONSE,
                            petition,
                            changes={
                                name: [None, value]
                                for name, value in audit.fields_of(
                                    saved, ["responded_on", "member", "summary_en", "summary_cy"]
                                ).items()
                            },
                            notes=f"response {saved.pk}; emailing signers (update {update.pk})",
                        )
            except InvalidTransition:
                form.add_error(None, refusal(petition))
                status = 409
            except services.UpdateRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _response_saved(created))
                return redirect("updates:petition", pk=pk)
    context = {"petition": petition, "form": form}
    return render(request, "notifications/staff/response.html", context, status=status)


def _response_saved(created: bool) -> str:
    if created:
        return _("The response is saved. Its signers are being emailed: progress is shown below.")
    return _("This response was already saved; its signers are not emailed a second time.")


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(CLERKS)
def message(request, pk):
    """Write, then "preview" shows the email in each language as signers will read it, then
    "send" starts it. Until "send", nothing is saved."""
    petition = petition_for_staff(pk)
    try:
        services.check_petition_sendable(petition)
    except services.UpdateRefused as refused:
        messages.error(request, str(refused))
        return redirect("record:petition", pk=pk)
    form = SignerMessageForm(request.POST or None, petition=petition)
    context = {"petition": petition, "form": form}
    if request.method == "GET":
        return render(request, "notifications/staff/message.html", context)
    if not form.is_valid():
        return render(request, "notifications/staff/message.html", context, status=400)
    if "edit" in request.POST:
        return render(request, "notifications/staff/message.html", context)
    if "send" not in request.POST:
        kind = PetitionUpdate.Kind.OTHER_BUSINESS
        context["previews"] = [
            emails.preview(kind, petition, form.instance, language) for language in ("en", "cy")
        ]
        context["recipients"] = services.recipient_count(petition.pk)
        return render(request, "notifications/staff/message_preview.html", context)
    with transaction.atomic():
        update, created = services.email_message(form.instance, by=request.user)
        if created:
            audit.record(
                request.user,
                AuditEntry.Action.EMAIL_SIGNERS,
                petition,
                notes=f"{update.kind}: message {update.message_id}: {update.message.subject_en}",
            )
    if created:
        messages.success(request, _("Sending to the petition's signers. Progress is shown below."))
    else:
        messages.success(request, _("This message was already sent; nobody gets it twice."))
    return redirect("updates:petition", pk=pk)


# -- a signer's own signatures ---------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def ask_for_signatures(request):
    """Whatever address is typed, the same "check your email" follows: the worker decides."""
    form = SignaturesLinkForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and not too_many(request, form, "signature_links")
    ):
        own.request_link(form.cleaned_data["email"], get_language())
        return redirect("notifications:signatures_sent")
    status = 429 if form.has_error(NON_FIELD_ERRORS, "rate_limited") else 200
    return render(request, "notifications/signatures_ask.html", {"form": form}, status=status)


@never_cache
@require_safe
def signatures_sent(request):
    return render(request, "notifications/signatures_sent.html")


def _link_page(view):
    """The link's pages are one signer's: never cached nor indexed, and the link in the address
    bar never goes to another site in a Referer. A bad link is a clear page, never a 500."""

    @wraps(view)
    def wrapper(request, token, *args, **kwargs):
        try:
            anchor = signature_for_link(token)
        except (BadLink, ExpiredLink) as problem:
            expired = isinstance(problem, ExpiredLink)
            response = render(
                request,
                "notifications/signatures_problem.html",
                {"expired": expired, "hours": settings.SIGNATURES_LINK_HOURS},
                status=410 if expired else 400,
            )
        else:
            response = view(request, token, anchor, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _signatures_page(request, token, anchor, *, stopped=None):
    rows = own.rows(anchor)
    context = {
        "token": token,
        "rows": rows,
        "emailed": sum(row.signature.notify_by_email for row in rows),
        "stopped": stopped,
        "contact_email": settings.CONTACT_EMAIL,
    }
    return render(request, "notifications/signatures.html", context)


@require_safe
@_link_page
def signatures(request, token, anchor):
    return _signatures_page(request, token, anchor)


@require_http_methods(["GET", "POST"])
@_link_page
def stop_emails(request, token, anchor):
    """POST stops every update to this inbox; GET (a scanner following a link) changes nothing."""
    if request.method == "GET":
        return redirect("notifications:signatures", token=token)
    return _signatures_page(request, token, anchor, stopped=own.stop_all_emails(anchor))


@require_http_methods(["GET", "POST"])
@_link_page
def withdraw(request, token, anchor, signature):
    """GET asks "are you sure?"; only the POST strikes the signature out."""
    signature = own.own_signature(anchor, signature)
    if signature is None:
        return render(
            request,
            "notifications/signatures_problem.html",
            {"missing": True, "hours": settings.SIGNATURES_LINK_HOURS},
            status=404,
        )
    context = {"token": token, "signature": signature, "petition": signature.petition}
    if request.method == "GET":
        context["withdrawable"] = own.withdrawable(signature)
        return render(request, "notifications/signatures_withdraw.html", context)
    context["outcome"] = own.withdraw(signature).value
    return render(request, "notifications/signatures_withdrawn.html", context)
