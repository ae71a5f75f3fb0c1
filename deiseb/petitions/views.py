"""Public petition pages and the short steps of creating one.

The creation journey keeps answers in the session until the creator submits on the "check your
answers" page, so nothing half-made reaches the database.
"""

import datetime
from urllib.parse import urlencode

from django import forms as django_forms
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from deiseb.core.caching import public_page
from deiseb.petitions import forms
from deiseb.petitions.models import Petition
from deiseb.petitions.services import create_petition
from deiseb.ratelimits.forms import too_many
from deiseb.ratelimits.services import client_ip
from deiseb.switches.decorators import unless_paused

SESSION_KEY = "new_petition"
STEPS = [
    ("text", forms.PetitionTextForm, "petitions:new"),
    ("closing", forms.ClosingDateForm, "petitions:new_closing"),
    ("creator", forms.CreatorForm, "petitions:new_creator"),
]


LIST_TITLES = {
    "open": _("Open petitions"),
    "referred": _("Referred to the Petitions Committee"),
    "debated": _("Debated in the Senedd"),
    "not_debated": _("Not debated"),
    "completed": _("Completed petitions"),
    "rejected": _("Rejected petitions"),
    "all": _("All petitions"),
}


@public_page
def petition_list(request):
    """One list (a tab) of published petitions, searchable, a page at a time.

    Each tab shows how many petitions it holds, or with a search how many of them match, so a
    reader whose words found nothing here sees at once which list holds what they meant.
    """
    tab = request.GET.get("state", "open")
    if tab not in Petition.LISTS:
        tab = "open"
    form = forms.PetitionSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    published = Petition.objects.published()
    counts = (published.search(query) if query else published).list_counts()
    petitions = Petition.objects.listed(tab)
    others = None
    if query:
        # From the open list ("Sign a petition") a search covers every public petition, open
        # first, so a reader who would start a duplicate sees the closed or debated one too.
        petitions = Petition.objects.listed("all" if tab == "open" else tab).search(query)
        if tab == "open":
            petitions = petitions.open_first()
            others = {"closed": counts["all"] - counts["open"], "debated": counts["debated"]}
    # The other lists holding matches; from the open list "all" is what is shown already.
    shown = {tab, "all"} if tab == "open" else {tab}
    elsewhere = [
        (name, LIST_TITLES[name], counts[name])
        for name in LIST_TITLES
        if query and counts[name] and name not in shown
    ]
    page = Paginator(petitions.with_debate_date(), settings.PETITIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "petitions/list.html",
        {
            "page": page,
            "page_params": urlencode({"state": tab, **({"q": query} if query else {})}) + "&",
            "form": form,
            "query": query,
            "others": others,
            "elsewhere": elsewhere,
            "tab": tab,
            "tab_title": LIST_TITLES[tab],
            "tabs": [(name, title, counts[name]) for name, title in LIST_TITLES.items()],
        },
    )


@public_page
def petition_detail(request, pk):
    petition = get_object_or_404(
        Petition.objects.published().select_related("rejection__reason"), pk=pk
    )
    return render(
        request,
        "petitions/detail.html",
        {
            "petition": petition,
            "count_interval": settings.COUNT_INTERVAL,
        },
    )


@unless_paused("creating")
def check_similar(request):
    """Step 0: search for an existing petition before starting a new one."""
    form = forms.SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        # A rejected petition is no place to add one's name, so it is no candidate either.
        candidates = Petition.objects.published().exclude(state__in=Petition.REJECTED_STATES)
        results = candidates.similar_to(query)[:10]
        request.session[SESSION_KEY] = {"text": {"action": query[:100]}}
    return render(request, "petitions/check.html", {"form": form, "results": results})


def _answers(request) -> dict:
    return request.session.get(SESSION_KEY) or {}


def _store(request, step: str, data: dict) -> None:
    answers = _answers(request)
    answers[step] = {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in data.items()
    }
    request.session[SESSION_KEY] = answers


def _initial(request, step: str) -> dict:
    return _answers(request).get(step, {})


@require_http_methods(["GET", "POST"])
@unless_paused("creating")
def new_step(request, step: str):
    """One question page of the creation journey; Back goes to the previous step."""
    index = next(i for i, (name, _, _) in enumerate(STEPS) if name == step)
    _name, form_class, _url = STEPS[index]
    previous_done = all(name in _answers(request) for name, _, _ in STEPS[:index])
    if not previous_done:
        return redirect(STEPS[0][2])
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            _store(request, step, form.cleaned_data)
            if request.GET.get("change"):
                return redirect("petitions:new_review")
            next_url = STEPS[index + 1][2] if index + 1 < len(STEPS) else "petitions:new_review"
            return redirect(next_url)
    else:
        form = form_class(initial=_initial(request, step))
    back = reverse(STEPS[index - 1][2]) if index else reverse("petitions:check")
    return render(
        request,
        f"petitions/new_{step}.html",
        {"form": form, "back_url": back, "step": index + 1, "steps": len(STEPS)},
    )


@require_http_methods(["GET", "POST"])
@unless_paused("creating")
def new_review(request):
    """Check your answers, then create the petition and email the creator a confirmation link."""
    answers = _answers(request)
    if not all(name in answers for name, _, _ in STEPS):
        return redirect(STEPS[0][2])
    bound = {name: form_class(answers[name]) for name, form_class, _ in STEPS}
    invalid = next((name for name, form in bound.items() if not form.is_valid()), None)
    if invalid:  # e.g. the closing date has drifted out of range since it was chosen
        step_urls = {name: url for name, _, url in STEPS}
        return redirect(f"{reverse(step_urls[invalid])}?change=1")
    data = {name: form.cleaned_data for name, form in bound.items()}
    limit = django_forms.Form(data={})  # carries a "too many attempts" error, if any
    if request.method == "POST" and not too_many(request, limit, "creating"):
        creator = data["creator"]
        petition = create_petition(
            language=get_language(),
            action=data["text"]["action"],
            background=data["text"]["background"],
            additional_details=data["text"]["additional_details"],
            closing_date=data["closing"]["closing_date"],
            creator_name=creator["name"],
            creator_pseudonym=creator["pseudonym"],
            creator_email=creator["email"],
            creator_postcode=creator["postcode"],
            creator_address=creator["address"],
            creator_phone=creator["phone"],
            notify_by_email=creator["notify_by_email"],
            ip_address=client_ip(request),
        )
        del request.session[SESSION_KEY]
        request.session["created_petition"] = petition.pk
        return redirect("petitions:new_sent")
    status = 429 if limit.errors else 200
    context = {"answers": data, "form": limit}
    return render(request, "petitions/new_review.html", context, status=status)


def new_sent(request):
    return render(
        request,
        "petitions/new_sent.html",
        {"sponsors_required": settings.PETITION_SPONSORS_REQUIRED},
    )
