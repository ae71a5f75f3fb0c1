"""Clerks' pages for the record: what is entered so far, and a division entered quickly.

Everything else (members, debates, motions, amendments, counts-only votes) is edited in the
admin, whose forms call the same services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from deiseb.accounts.roles import CLERKS, SYSADMINS, role_required
from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.parliament import services
from deiseb.parliament.forms import DivisionForm
from deiseb.parliament.models import Debate, Motion, Vote
from deiseb.petitions.models import Petition

RECENT_DEBATES = 30


def motion_for_staff(pk: int) -> Motion:
    """The one way these views load a motion: with its debate and amendments."""
    return get_object_or_404(
        Motion.objects.select_related("debate", "mover").prefetch_related("amendments"), pk=pk
    )


def vote_for_staff(pk: int) -> Vote:
    return get_object_or_404(
        Vote.objects.select_related("motion__debate", "amendment", "casting_member"), pk=pk
    )


def division_fields(vote: Vote | None) -> dict:
    """What a division records, as the audit log keeps it: the counts, result and members."""
    if vote is None or vote.pk is None:
        return {}
    members = vote.member_votes.select_related("member").order_by("member__name_en")
    return {
        **audit.fields_of(vote, ["question", "amendment", "position", "result", "casting_vote",
                                 "casting_member", "for_count", "abstain_count", "against_count",
                                 "members_recorded"]),
        "member_votes": [f"{member_vote.member}: {member_vote.option}" for member_vote in members],
    }  # fmt: skip


DEBATE_ACTIONS = {
    services.schedule_debate: AuditEntry.Action.SCHEDULE_DEBATE,
    services.record_debate_outcome: AuditEntry.Action.RECORD_OUTCOME,
}


@transaction.atomic
def move_debate_petitions(service, debate: Debate, *, by) -> list[int]:
    """Schedule a debate or record its outcome, with each petition's move in the audit log."""
    before = dict(debate.petitions.values_list("pk", "debate_state"))
    moved = service(debate, by=by)
    after = dict(Petition.objects.filter(pk__in=moved).values_list("pk", "debate_state"))
    changes = {f"petition {pk}": [before.get(pk), state] for pk, state in after.items()}
    audit.record(by, DEBATE_ACTIONS[service], debate, changes=changes)
    return moved


@never_cache
@role_required(CLERKS, SYSADMINS)
def index(request):
    votes = Vote.objects.select_related("amendment").order_by("position")
    debates = Debate.objects.prefetch_related(
        "petitions",
        Prefetch(
            "motions",
            queryset=Motion.objects.prefetch_related(Prefetch("votes", queryset=votes)),
        ),
    ).order_by("-date", "-pk")[:RECENT_DEBATES]
    return render(request, "parliament/staff/index.html", {"debates": debates})


def _division(request, motion: Motion, vote: Vote | None):
    """Without JavaScript: "Check totals" shows what the members add up to, "Save" records."""
    form = DivisionForm(request.POST or None, motion=motion, vote=vote)
    before = division_fields(vote)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif "save" in request.POST:
            try:
                with transaction.atomic():
                    saved = form.save()
                    changes = audit.differences(before, division_fields(saved))
                    audit.record(
                        request.user, AuditEntry.Action.RECORD_DIVISION, saved, changes=changes
                    )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("Division saved: %(for)s for, %(abstain)s abstaining, %(against)s against.")
                    % {
                        "for": saved.for_count,
                        "abstain": saved.abstain_count,
                        "against": saved.against_count,
                    },
                )
                return redirect("record:index")
    context = {"form": form, "motion": motion, "vote": vote, "totals": form.totals()}
    return render(request, "parliament/staff/division.html", context, status=status)


@never_cache
@role_required(CLERKS, SYSADMINS)
def new_division(request, pk):
    return _division(request, motion_for_staff(pk), None)


@never_cache
@role_required(CLERKS, SYSADMINS)
def edit_division(request, pk):
    vote = vote_for_staff(pk)
    if not vote.is_division:
        messages.error(
            request, _("This question was agreed without objection: there was no division.")
        )
        return redirect("record:index")
    return _division(request, motion_for_staff(vote.motion_id), vote)


def _debate_action(service, success):
    """Scheduling and recording the outcome differ only in the service and what they say."""

    @never_cache
    @require_POST
    @role_required(CLERKS, SYSADMINS)
    def view(request, pk):
        debate = get_object_or_404(Debate, pk=pk)
        try:
            moved = move_debate_petitions(service, debate, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, success(len(moved)))
        return redirect("record:index")

    return view


schedule_debate = _debate_action(
    services.schedule_debate,
    lambda count: (
        ngettext(
            "Debate scheduled: %(count)s petition moved to “debate scheduled”.",
            "Debate scheduled: %(count)s petitions moved to “debate scheduled”.",
            count,
        )
        % {"count": count}
    ),
)
record_debate_outcome = _debate_action(
    services.record_debate_outcome,
    lambda count: (
        ngettext(
            "Outcome recorded: %(count)s petition moved to “debated”.",
            "Outcome recorded: %(count)s petitions moved to “debated”.",
            count,
        )
        % {"count": count}
    ),
)
