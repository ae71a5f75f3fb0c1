"""/petitions.json and /petitions/<id>.json, in petition.parliament.uk's shape, and their CSV.

The addresses outside the language prefix answer in English, so one cached copy fits everyone;
the ones under /en/ and /cy/ (a reader adding .json to the page's address) answer in that language.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from deiseb.lib.text import MAX_ID, positive_int
from deiseb.opendata import petitions_json
from deiseb.opendata.views import _csv_response, open_data
from deiseb.petitions.forms import PetitionSearchForm
from deiseb.petitions.models import Petition

JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}
DEFAULT_COUNT = 50


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data,
        status=status,
        json_dumps_params=JSON_OPTIONS,
        content_type="application/json; charset=utf-8",
    )


def _error(message: str, status: int) -> JsonResponse:
    return _json({"errors": [{"status": str(status), "detail": message}]}, status=status)


class BadRequest(Exception):
    pass


def _list_params(request) -> dict:
    """state, q, page and count, checked; a mistake is a 400 that says which, never a 500."""
    state = request.GET.get("state", "all")
    if state not in Petition.LISTS:
        names = ", ".join(Petition.LISTS)
        raise BadRequest(
            gettext("Unknown state %(state)s: use one of %(names)s.")
            % {"state": state, "names": names}
        )
    form = PetitionSearchForm(request.GET)
    if not form.is_valid():
        raise BadRequest(" ".join(form.errors["q"]))
    params = {"state": state, "q": form.cleaned_data["q"]}
    for name, default in (("page", 1), ("count", DEFAULT_COUNT)):
        raw = request.GET.get(name)
        value = positive_int(raw) if raw is not None else default
        if value is None:
            raise BadRequest(gettext("%(name)s must be a whole number from 1.") % {"name": name})
        params[name] = value
    params["count"] = min(params["count"], petitions_json.MAX_COUNT)
    return params


def _listed(params: dict):
    petitions = Petition.objects.listed(params["state"])
    if params["q"]:
        petitions = petitions.search(params["q"])
    return petitions


def _list_url(params: dict, page: int) -> str:
    query = {key: value for key, value in params.items() if value not in ("", None)}
    query["page"] = page
    return f"{settings.SITE_URL}{reverse('petitions_json')}?{urlencode(query)}"


@open_data
def petitions_list(request):
    with translation.override("en"):
        try:
            params = _list_params(request)
        except BadRequest as error:
            return _error(str(error), 400)
        paginator = Paginator(_listed(params), params["count"], allow_empty_first_page=True)
        last = max(paginator.num_pages, 1)
        page = params["page"]
        # Past the end is an empty page, as the anchors answer, not an error.
        items = (
            paginator.page(page).object_list
            if page <= paginator.num_pages
            else Petition.objects.none()
        )
        petitions = petitions_json.with_related(items) if page <= paginator.num_pages else []
        own = {key: value for key, value in params.items() if key != "page"}
        return _json(
            {
                "links": {
                    "self": _list_url(own, page),
                    "first": _list_url(own, 1),
                    "last": _list_url(own, last),
                    "next": _list_url(own, page + 1) if page < last else None,
                    "prev": _list_url(own, min(page - 1, last)) if page > 1 else None,
                },
                "data": [petitions_json.petition_item(p, "en") for p in petitions],
            }
        )


def _published(pk: int):
    if pk > MAX_ID:  # beyond the database's integers: no such petition, not an error
        return None
    return petitions_json.with_related(Petition.objects.published()).filter(pk=pk).first()


def _petition(request, pk: int, language: str) -> JsonResponse:
    with translation.override(language):
        petition = _published(pk)
        if petition is None:
            return _error(gettext("There is no published petition with this number."), 404)
        return _json(petitions_json.petition_document(petition, language))


@open_data
def petition(request, pk):
    return _petition(request, pk, "en")


@open_data
def petition_localised(request, pk):
    """/en/petitions/1.json and /cy/deisebau/1.json: the page's address with .json added."""
    return _petition(request, pk, translation.get_language() or "en")


@open_data
def petitions_csv(request):
    with translation.override("en"):
        try:
            params = _list_params(request)
        except BadRequest as error:
            return _error(str(error), 400)
        petitions = petitions_json.with_related(_listed(params))
        rows = (petitions_json.list_row(p) for p in petitions)
        return _csv_response(f"petitions-{params['state']}.csv", petitions_json.LIST_COLUMNS, rows)


@open_data
def petition_signatures_csv(request, pk):
    with translation.override("en"):
        petition = _published(pk)
        if petition is None or petition.is_rejected:
            return _error(gettext("There is no published petition with this number."), 404)
        return _csv_response(
            f"petition-{pk}-signatures.csv",
            petitions_json.BREAKDOWN_COLUMNS,
            petitions_json.breakdown_rows(petition),
        )


def _history(request, pk: int, respond):
    """The petition and the breakdown asked for, checked, handed to `respond`; else the error.

    A rejected petition never had signatures, so it has no history.
    """
    with translation.override("en"):
        by = request.GET.get("by", "petition")
        if by not in petitions_json.HISTORY_BY:
            names = ", ".join(petitions_json.HISTORY_BY)
            message = gettext("Unknown breakdown %(by)s: use one of %(names)s.")
            return _error(message % {"by": by, "names": names}, 400)
        petition = _published(pk)
        if petition is None or petition.is_rejected:
            return _error(gettext("There is no published petition with this number."), 404)
        return respond(petition, by)


@open_data
def petition_history(request, pk):
    return _history(
        request, pk, lambda petition, by: _json(petitions_json.history_document(petition, by, "en"))
    )


@open_data
def petition_history_csv(request, pk):
    def respond(petition, by):
        suffix = "" if by == "petition" else f"-by-{by}"
        return _csv_response(
            f"petition-{pk}-history{suffix}.csv",
            petitions_json.HISTORY_COLUMNS[by],
            petitions_json.history_rows(petition, by),
        )

    return _history(request, pk, respond)
