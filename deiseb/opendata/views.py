"""Open data files: Popolo JSON and CSV of the record, outside the language prefix."""

import itertools
from functools import wraps

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from deiseb.core.caching import public_page
from deiseb.lib import spreadsheets
from deiseb.lib.text import positive_int
from deiseb.opendata import popolo, tables
from deiseb.parliament.models import Debate, Member, Motion
from deiseb.parliament.queries import debates_with_record

JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}


def open_data(view):
    """Readable from any site's browser (map tools and vote trackers fetch it), cacheable like
    the pages. Every open data view goes through here, the record's and the petitions'.

    Exempt from the CSRF check, which would answer an unknown method with 403 before
    `require_safe` can say 405: these views take GET and HEAD only and change nothing."""

    @csrf_exempt
    @require_safe
    @public_page
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        if response.status_code == 404:
            # LocaleMiddleware answers a 404 outside the language prefix with a redirect to
            # /en/… when that path resolves, and /en/petitions/1.json does: a tool asking for an
            # unknown petition would get a 302, not the JSON 404. It reads request.urlconf, so
            # name one without language prefixes for this response alone; resolving is done.
            request.urlconf = "deiseb.opendata.urls"
        return response

    return wrapper


def _popolo_response(debates, **kwargs) -> JsonResponse:
    return JsonResponse(
        popolo.to_popolo(debates, **kwargs),
        json_dumps_params=JSON_OPTIONS,
        content_type="application/json; charset=utf-8",
    )


@open_data
def votes_popolo(request):
    return _popolo_response(debates_with_record().order_by("date", "pk"))


@open_data
def debate_popolo(request, pk):
    debates = list(debates_with_record().filter(pk=pk))
    if not debates:
        raise Http404
    return _popolo_response(debates)


@open_data
def motion_popolo(request, reference):
    motion = get_object_or_404(Motion, reference=reference)
    return _popolo_response(debates_with_record().filter(pk=motion.debate_id), motion=reference)


class _Echo:
    """A file-like object whose write() hands the line back, for streaming a CSV writer's lines."""

    def write(self, value):
        return value


def _csv_response(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    """Stream the rows, so a file of every member's every vote never sits in memory whole.

    Every CSV goes through here: the writer defuses cells a spreadsheet would run as formulas.
    """
    writer = spreadsheets.writer(_Echo())
    lines = (writer.writerow(row) for row in itertools.chain([header], rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filtered(request, queryset, debate_field: str, member_field: str | None = None):
    """Narrow to ?debate=<id> or ?member=<slug>; an unknown one is a 404, never an empty file."""
    suffix = ""
    if "debate" in request.GET:
        debate = positive_int(request.GET["debate"])
        if debate is None or not Debate.objects.filter(pk=debate).exists():
            raise Http404
        queryset = queryset.filter(**{debate_field: debate})
        suffix += f"-debate-{debate}"
    member = request.GET.get("member")
    if member is not None and member_field:
        slug = get_object_or_404(Member, slug=member).slug
        queryset = queryset.filter(**{member_field: slug})
        suffix += f"-{slug}"
    return queryset, suffix


@open_data
def votes_csv(request):
    votes, suffix = _filtered(request, tables.votes(), "motion__debate")
    rows = (tables.vote_row(vote) for vote in votes.iterator(chunk_size=2000))
    return _csv_response(f"votes{suffix}.csv", tables.VOTE_COLUMNS, rows)


@open_data
def member_votes_csv(request):
    member_votes, suffix = _filtered(
        request, tables.member_votes(), "vote__motion__debate", "member__slug"
    )
    rows = (tables.member_vote_row(mv) for mv in member_votes.iterator(chunk_size=2000))
    return _csv_response(f"member-votes{suffix}.csv", tables.MEMBER_VOTE_COLUMNS, rows)
