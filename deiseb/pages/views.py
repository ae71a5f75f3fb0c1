"""The front page, and the information pages: how petitions work, standards, privacy and more.

Every number and cookie name on them is read from settings, so the prose cannot drift from the
rules the site enforces. They change only on deploy, so shared caches may keep them longer than
other public pages.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.http import require_safe

from deiseb.core.caching import public_page
from deiseb.moderation.models import RejectionReason
from deiseb.petitions.forms import PetitionSearchForm
from deiseb.petitions.models import Petition
from deiseb.signatures.queries import trending

MAX_AGE = 300
OGL_URLS = {
    "en": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "cy": "https://www.nationalarchives.gov.uk/doc/open-government-licence-cymraeg/version/3/",
}


def information_page(view):
    """`public_page`'s rules (never share a page with a cookie in play), for five minutes."""
    return public_page(require_safe(view), max_age=MAX_AGE)


def seconds(n: int) -> str:
    return ngettext("%(count)s second", "%(count)s seconds", n) % {"count": n}


def minutes(n: int) -> str:
    return ngettext("%(count)s minute", "%(count)s minutes", n) % {"count": n}


def hours(n: int) -> str:
    return ngettext("%(count)s hour", "%(count)s hours", n) % {"count": n}


def days(n: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", n) % {"count": n}


def weeks(n: int) -> str:
    return ngettext("%(count)s week", "%(count)s weeks", n) % {"count": n}


def months(n: int) -> str:
    return ngettext("%(count)s month", "%(count)s months", n) % {"count": n}


def period(total_seconds: int) -> str:
    """A length of time in words, in the largest unit that divides it exactly."""
    for size, words in ((604_800, weeks), (86_400, days), (3_600, hours), (60, minutes)):
        if total_seconds and total_seconds % size == 0:
            return words(total_seconds // size)
    return seconds(total_seconds)


def lifetime(total_seconds: int | None) -> str:
    if total_seconds is None:
        return gettext("When you close your browser")
    return gettext("After %(period)s") % {"period": period(total_seconds)}


def session_seconds() -> int | None:
    return None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE


def cookies_we_set() -> list[dict]:
    """The cookies Django sets with these settings: name, purpose and expiry, in this language."""
    rows = [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "purpose": gettext(
                "Remembers your answers while you start, support or sign a petition, and keeps "
                "staff signed in."
            ),
            "expires": lifetime(session_seconds()),
        }
    ]
    if not settings.CSRF_USE_SESSIONS:
        rows.append(
            {
                "name": settings.CSRF_COOKIE_NAME,
                "purpose": gettext(
                    "Stops other websites from sending the forms on this website in your name."
                ),
                "expires": lifetime(settings.CSRF_COOKIE_AGE),
            }
        )
    rows.append(
        {
            "name": settings.LANGUAGE_COOKIE_NAME,
            "purpose": gettext("Remembers the language you chose: Welsh or English."),
            "expires": lifetime(settings.LANGUAGE_COOKIE_AGE),
        }
    )
    if settings.MESSAGE_STORAGE.rsplit(".", 1)[-1] in {"CookieStorage", "FallbackStorage"}:
        rows.append(
            {
                "name": CookieStorage.cookie_name,
                "purpose": gettext(
                    "Staff only: shows a confirmation after a member of staff takes an action."
                ),
                "expires": gettext("When the confirmation has been shown"),
            }
        )
    return rows


@information_page
def help_page(request):
    rules = {
        "sponsors_required": settings.PETITION_SPONSORS_REQUIRED,
        "sponsors_max": settings.PETITION_SPONSORS_MAX,
        "shortest": days(settings.PETITION_MIN_DURATION_DAYS),
        "longest": months(settings.PETITION_MAX_DURATION_MONTHS),
        "referral_threshold": settings.PETITION_REFERRAL_THRESHOLD,
        "debate_threshold": settings.PETITION_DEBATE_THRESHOLD,
        "grace": hours(settings.PETITION_REFERRAL_DELAY_HOURS),
        "link_life": days(settings.SIGNATURE_TOKEN_DAYS),
        "count_interval": seconds(settings.COUNT_INTERVAL),
        "others_per_email": settings.SIGNATURES_PER_EMAIL_MAX - 1,
    }
    return render(request, "pages/help.html", {"rules": rules})


@information_page
def standards(request):
    """The public rejection reasons come from the database, worded as staff last edited them."""
    context = {
        "reasons": RejectionReason.objects.filter(hidden=False),
        "action_max": settings.PETITION_ACTION_MAX,
        "background_max": settings.PETITION_BACKGROUND_MAX,
        "details_max": settings.PETITION_ADDITIONAL_DETAILS_MAX,
    }
    return render(request, "pages/standards.html", context)


@information_page
def privacy(request):
    session = session_seconds()
    context = {
        "contact_email": settings.CONTACT_EMAIL,
        "link_life": days(settings.SIGNATURE_TOKEN_DAYS),
        "session_life": period(session) if session else None,
        "unconfirmed_life": days(settings.UNCONFIRMED_RETENTION_DAYS),
        "signer_life": months(settings.SIGNER_RETENTION_MONTHS),
    }
    return render(request, "pages/privacy.html", context)


@information_page
def accessibility(request):
    return render(request, "pages/accessibility.html", {"contact_email": settings.CONTACT_EMAIL})


@information_page
def cookies(request):
    return render(request, "pages/cookies.html", {"cookies": cookies_we_set()})


@information_page
def about_our_data(request):
    ogl_url = OGL_URLS["cy" if get_language() == "cy" else "en"]
    return render(request, "pages/data.html", {"ogl_url": ogl_url})


@public_page
def home(request):
    """The front page: what is being signed now, the biggest open petitions, what followed."""
    published = Petition.objects.published()
    totals = published.aggregate(
        open=Count("pk", filter=Q(state__in=Petition.SIGNABLE_STATES)),
        signatures=Sum("signature_count"),
        referred=Count("pk", filter=Q(referred_at__isnull=False)),
        debated=Count("pk", filter=Q(debate_state=Petition.DebateState.DEBATED)),
    )
    now_trending = trending()
    # Popular leaves out what is trending: the biggest petitions are usually the busiest too,
    # and the two lists would otherwise name the same five.
    popular = Petition.objects.listed("open").exclude(pk__in=[p.pk for p, _ in now_trending])
    context = {
        "search_form": PetitionSearchForm(),
        "trending": now_trending,
        "popular": popular[:5],
        "referred": Petition.objects.listed("referred").with_debate_date()[:3],
        "debated": Petition.objects.listed("debated").with_debate_date()[:3],
        "totals": totals,
        "referral_threshold": settings.PETITION_REFERRAL_THRESHOLD,
        "debate_threshold": settings.PETITION_DEBATE_THRESHOLD,
    }
    return render(request, "pages/home.html", context)
