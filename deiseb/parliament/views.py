"""Public pages of the record: debates and their votes, members, and how my members voted."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from deiseb.core.caching import public_page
from deiseb.geography.forms import ConstituencyFinderForm
from deiseb.geography.models import Constituency
from deiseb.lib.text import positive_int
from deiseb.parliament import queries
from deiseb.parliament.models import Debate, Member, MemberVote, Seat, Term, Vote
from deiseb.parliament.wording import casting_vote_text, question_label
from deiseb.petitions.models import Petition

DEBATES_PER_PAGE = 20
VOTES_PER_PAGE = 50


@dataclass
class Bar:
    """One row of a vote's bar: an option, its count, and the coloured parts that make it up."""

    option: str
    label: str
    count: int
    percent: float
    parts: list[tuple[str, str, float]]  # (party name or option label, colour, percent of row)


@dataclass
class VoteSummary:
    vote: Vote
    label: str
    casting: str
    parties: list[queries.PartyTally]
    members: list[tuple[str, list[MemberVote]]]  # (option label, member votes), For first
    bars: list[Bar]


OPTION_COLOURS = {
    Vote.Option.FOR: "#00703c",
    Vote.Option.ABSTAIN: "#505a5f",
    Vote.Option.AGAINST: "#d4351c",
}


def _bars(vote: Vote, parties: list[queries.PartyTally]) -> list[Bar]:
    """The bar's rows, For, Abstain, Against, each as wide as its share of the votes cast."""
    if not vote.is_division:
        return []
    counts = vote.counts
    cast = sum(counts.values()) or 1
    bars = []
    for option, count in counts.items():
        if parties:
            # Shares of the members listed, which the record's rules keep equal to the count.
            listed = sum(tally.counts[option] for tally in parties)
            parts = [
                (tally.party.name, tally.party.colour, 100 * tally.counts[option] / listed)
                for tally in parties
                if tally.counts[option]
            ]
        else:
            parts = [(option.label, OPTION_COLOURS[option], 100.0)] if count else []
        bars.append(Bar(option, option.label, count, 100 * count / cast, parts))
    return bars


def summarise(vote: Vote) -> VoteSummary:
    parties = queries.party_breakdown(vote)
    by_option = queries.members_by_option(vote)
    return VoteSummary(
        vote=vote,
        label=question_label(vote),
        casting=casting_vote_text(vote),
        parties=parties,
        members=[(option.label, by_option[option]) for option in Vote.Option],
        bars=_bars(vote, parties),
    )


@require_safe
@public_page
def debate_list(request):
    debates = (
        Debate.objects.select_related("opened_by")
        .prefetch_related(Prefetch("petitions", queryset=Petition.objects.published()))
        .order_by("-date", "pk")
    )
    page = Paginator(debates, DEBATES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "parliament/debate_list.html", {"page": page})


@require_safe
@public_page
def debate_detail(request, pk):
    debate = get_object_or_404(queries.debates_with_record(), pk=pk)
    motions = [
        (motion, [summarise(vote) for vote in motion.votes.all()])
        for motion in debate.motions.all()
    ]
    context = {
        "debate": debate,
        "motions": motions,
        "scheduled": debate.date > timezone.localdate(),
        "form": ConstituencyFinderForm(on=debate.date),
    }
    return render(request, "parliament/debate_detail.html", context)


# A lookup that changes nothing, so it needs no CSRF token: the form on the debate page then sets
# no cookie and the page stays cacheable. The postcode is posted, never put in a URL, so it stays
# out of access logs; the answer lives at the constituency's own address.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@public_page
def my_members(request, pk):
    debate = get_object_or_404(Debate, pk=pk)
    form = ConstituencyFinderForm(request.POST or None, on=debate.date)
    if request.method == "POST" and form.is_valid():
        return redirect("parliament:my_members_result", pk=debate.pk, code=form.constituency.code)
    return render(
        request,
        "parliament/my_members.html",
        {"debate": debate, "form": form},
        status=400 if form.errors else 200,
    )


@require_safe
@public_page
def my_members_result(request, pk, code):
    debate = get_object_or_404(Debate, pk=pk)
    constituency = get_object_or_404(
        Constituency.objects.in_force(debate.date).select_related("region"), code=code
    )
    seats, rows = queries.my_members_in_debate(debate, constituency)
    context = {
        "debate": debate,
        "constituency": constituency,
        "seats": seats,
        "members_held": bool(seats) or queries.members_held_on(debate.date),
        "term": Term.objects.on(debate.date).order_by("-number").first(),
        "rows": [(vote, question_label(vote), members) for vote, members in rows],
        "form": ConstituencyFinderForm(on=debate.date),
    }
    return render(request, "parliament/my_members_result.html", context)


def _term(request) -> tuple[Term | None, Term | None]:
    """The term to show, and the term whose members are missing, if any.

    The term asked for (?term=6), else the one sitting today, else the latest. When that term has
    no members recorded (the members file predates an election) the latest term that has them is
    shown instead, and the missing one is named, rather than an empty page.
    """
    terms = Term.objects.all()
    if request.GET.get("term"):
        number = positive_int(request.GET["term"])
        if number is None:
            raise Http404
        wanted = get_object_or_404(terms, number=number)
    else:
        wanted = terms.on(timezone.localdate()).first() or terms.first()
    if wanted is None or wanted.seats.exists():
        return wanted, None
    return queries.latest_term_with_members(), wanted


@require_safe
@public_page
def member_list(request):
    """Members of one term grouped by party, with the seat each held last in it."""
    term, missing = _term(request)
    latest_seat = {}
    if term:
        for seat in (
            Seat.objects.filter(term=term)
            .select_related("member", "party", "constituency", "region")
            .order_by("start_date", "pk")
        ):
            latest_seat[seat.member_id] = seat
    by_party = {}
    for seat in sorted(latest_seat.values(), key=lambda seat: seat.member.name_en):
        by_party.setdefault(seat.party, []).append(seat)
    groups = sorted(by_party.items(), key=lambda item: (-len(item[1]), item[0].name_en))
    return render(
        request,
        "parliament/member_list.html",
        {"term": term, "missing": missing, "terms": Term.objects.all(), "groups": groups},
    )


@require_safe
@public_page
def member_detail(request, slug):
    member = get_object_or_404(
        Member.objects.prefetch_related(
            Prefetch(
                "seats",
                queryset=Seat.objects.select_related("party", "term", "constituency", "region"),
            ),
            "roles",
        ),
        slug=slug,
    )
    today = timezone.localdate()
    seats = list(member.seats.all())
    latest = seats[-1] if seats else None
    member_votes = (
        MemberVote.objects.filter(member=member)
        .select_related("vote__motion__debate", "vote__amendment")
        .order_by("-vote__motion__debate__date", "vote__motion_id", "vote__position")
    )
    page = Paginator(member_votes, VOTES_PER_PAGE).get_page(request.GET.get("page"))
    took_part = (
        Q(debates__opened_by=member)
        | Q(debates__motions__mover=member)
        | Q(debates__motions__cosignatories=member)
        | Q(debates__motions__amendments__mover=member)
        | Q(debates__motions__votes__member_votes__member=member)
    )
    context = {
        "member": member,
        "seats": seats,
        "latest": latest,
        "sitting": bool(latest and (latest.end_date is None or latest.end_date >= today)),
        "roles": list(member.roles.all()),
        "page": page,
        "votes": [(mv, question_label(mv.vote)) for mv in page.object_list],
        "motions": member.motions_moved.select_related("debate").order_by("-debate__date"),
        "cosigned": member.motions_cosigned.select_related("debate").order_by("-debate__date"),
        "amendments": member.amendments_moved.select_related("motion__debate").order_by(
            "-motion__debate__date", "number"
        ),
        "petitions": Petition.objects.published()
        .filter(pk__in=Petition.objects.filter(took_part).values("pk"))
        .order_by("-opened_at"),
    }
    return render(request, "parliament/member_detail.html", context)
