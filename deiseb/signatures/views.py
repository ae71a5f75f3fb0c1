"""Signing, supporting and confirming.

Confirmation is two steps on purpose: the emailed link opens a page, and only its button (a
POST) confirms, because mail scanners fetch links and must not sign anyone up.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from deiseb.core.caching import public_page
from deiseb.geography.forms import ConstituencyFinderForm
from deiseb.geography.models import Constituency
from deiseb.petitions.models import Petition
from deiseb.petitions.services import published_petition
from deiseb.ratelimits.forms import too_many
from deiseb.ratelimits.services import client_ip
from deiseb.signatures import services, share
from deiseb.signatures.forms import SignatureForm
from deiseb.signatures.models import Signature
from deiseb.signatures.queries import popular_in
from deiseb.switches.decorators import unless_paused

SIGNED_COOKIE = "deiseb_signed"
SIGNED_SALT = "deiseb.signatures.signed-email"


def _remember_email(response, petition, email: str, path: str):
    """Show the address on this petition's "check your email" page only, and only briefly.

    A signed cookie scoped to that one page and naming the petition, rather than the session:
    nothing is written to the database for an anonymous signer, and a shared computer never
    shows the address on another page.
    """
    response.set_signed_cookie(
        SIGNED_COOKIE,
        f"{petition.pk}:{email}",
        salt=SIGNED_SALT,
        max_age=settings.SIGNED_EMAIL_SECONDS,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _signed_email(request, petition) -> str:
    value = request.get_signed_cookie(
        SIGNED_COOKIE, default="", salt=SIGNED_SALT, max_age=settings.SIGNED_EMAIL_SECONDS
    )
    pk, _, email = value.partition(":")
    return email if pk == str(petition.pk) else ""


@unless_paused("signing")
def _sign_form(request, petition, *, kind: str, template: str, done_url: str, extra=None):
    form = SignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not too_many(request, form, "signing"):
        data = form.cleaned_data
        services.request_signature(
            petition,
            kind=kind,
            name=data["name"],
            email=data["email"],
            postcode=data["postcode"],
            country_code=data["country"].code,
            notify_by_email=data["notify_by_email"],
            language=get_language(),
            ip_address=client_ip(request),
        )
        # The same page whatever happens: it never reveals whether this email had signed.
        return _remember_email(redirect(done_url), petition, data["email"], done_url.split("?")[0])
    status = 429 if form.has_error(NON_FIELD_ERRORS, "rate_limited") else 200
    context = {"petition": petition, "form": form, **(extra or {})}
    return render(request, template, context, status=status)


def _published_or_404(pk):
    petition = published_petition(pk)
    if petition is None:
        raise Http404
    return petition


@require_http_methods(["GET", "POST"])
def sign(request, pk):
    petition = _published_or_404(pk)
    if not petition.accepts_signatures:
        return render(request, "signatures/closed.html", {"petition": petition}, status=410)
    return _sign_form(
        request,
        petition,
        kind="signer",
        template="signatures/sign.html",
        done_url=reverse("signatures:sign_sent", kwargs={"pk": pk}),
    )


@never_cache
def sign_sent(request, pk):
    petition = get_object_or_404(Petition.objects.published(), pk=pk)
    return render(
        request,
        "signatures/sign_sent.html",
        {"petition": petition, "email": _signed_email(request, petition)},
    )


@require_http_methods(["GET", "POST"])
def support(request, pk, token):
    """The creator's link for supporters; it closes at the supporter limit or once published."""
    petition = Petition.objects.filter(pk=pk, sponsor_token=token[:32]).first()
    if petition is None:
        raise Http404
    if petition.is_published and petition.is_open:
        return redirect("signatures:sign", pk=pk)
    if not petition.accepts_supporters or services.sponsors_full(petition):
        return render(request, "signatures/support_closed.html", {"petition": petition})
    return _sign_form(
        request,
        petition,
        kind="sponsor",
        template="signatures/support.html",
        done_url=reverse("signatures:support", kwargs={"pk": pk, "token": token}) + "?sent=1",
        extra={"sent": request.GET.get("sent"), "email": _signed_email(request, petition)},
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows the button; POST confirms. Every bad token gets a clear page, never a 500."""
    try:
        if request.method == "POST":
            signature = services.confirm_link(token, ip_address=client_ip(request))
            if signature.kind == Signature.Kind.SIGNER:
                return redirect(_thank_you_url(signature))
            return render(request, "signatures/confirmed.html", {"signature": signature})
        signature = services.find_signature(token)
        services.check_confirmable(signature)
    except services.ConfirmError as error:
        status = 404 if error.code == "unknown" else 410 if error.code != "already" else 200
        return render(
            request, "signatures/confirm_problem.html", {"code": error.code}, status=status
        )
    return render(request, "signatures/confirm.html", {"signature": signature})


def _thank_you_url(signature) -> str:
    url = reverse("signatures:signed", kwargs={"pk": signature.petition_id})
    return f"{url}?area={signature.constituency_id}" if signature.constituency_id else url


@require_safe
@public_page
def signed(request, pk):
    """Where a confirmed signer is sent: the same page for everyone who signed this petition
    from one constituency, so a crowd confirming at once is served one kept copy, and the
    confirm POST renders nothing. It names no one, and its address holds no token."""
    petition = _published_or_404(pk)
    code = request.GET.get("area", "")[:9]
    constituency = Constituency.objects.filter(code=code).first() if code else None
    # The petition's own page to share, never this one.
    share_url = request.build_absolute_uri(reverse("petitions:detail", kwargs={"pk": pk}))
    context = {"petition": petition, "constituency": constituency, "share_url": share_url}
    return render(request, "signatures/signed.html", context)


@require_safe
@public_page
def count_json(request, pk):
    """The live count and thresholds; cacheable for one counting interval, and kept by the
    origin for as long, so a crowd polling it costs a cache read each."""
    petition = (
        Petition.objects.published()
        .filter(pk=pk)
        .values(
            "pk",
            "signature_count",
            "referral_threshold",
            "debate_threshold",
            "state",
            "referral_threshold_reached_at",
            "debate_threshold_reached_at",
        )
        .first()
    )
    if petition is None:
        return JsonResponse({"error": "not found"}, status=404)
    response = JsonResponse(
        {
            "id": petition["pk"],
            "state": petition["state"],
            "signature_count": petition["signature_count"],
            "referral_threshold": petition["referral_threshold"],
            "debate_threshold": petition["debate_threshold"],
            "referral_threshold_reached_at": petition["referral_threshold_reached_at"],
            "debate_threshold_reached_at": petition["debate_threshold_reached_at"],
        }
    )
    patch_cache_control(
        response,
        public=True,
        max_age=settings.COUNT_INTERVAL,
        stale_while_revalidate=settings.COUNT_INTERVAL * 2,
    )
    return response


@require_safe
@public_page
def share_image(request, pk):
    """The picture a social site shows for the petition's link (its page's og:image).

    Not for rejected petitions: they collect no signatures, and their page names no image.
    """
    published = Petition.objects.published().exclude(state__in=Petition.REJECTED_STATES)
    petition = get_object_or_404(published, pk=pk)
    return HttpResponse(share.share_image(petition), content_type="image/png")


@require_http_methods(["GET", "POST"])
def local_petitions(request):
    """Petitions in my area: a postcode in, its constituency's petitions out (by redirect).

    The postcode is posted, never put in a URL, so it stays out of access logs and caches.
    """
    form = ConstituencyFinderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("signatures:constituency", code=form.constituency.code)
    return render(request, "signatures/local.html", {"form": form})


@public_page
def constituency_petitions(request, code):
    """The open petitions most signed in one constituency."""
    constituency = get_object_or_404(Constituency, code=code)
    counts = popular_in(constituency)
    return render(
        request,
        "signatures/constituency.html",
        {"constituency": constituency, "counts": counts},
    )
