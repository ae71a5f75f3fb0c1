"""Clerks' pages for the record: what is entered so far, a division entered quickly, and the
end of a petition's consideration (completed, not debated, archived).

Everything else (members, debates, motions, amendments, counts-only votes) is edited in the
admin, whose forms call the same services. The Government's response and emails to signers are
entered on the updates pages (deiseb/notifications), which send them.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from deiseb.accounts.roles import CLERKS, SYSADMINS, has_role, role_required
from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.parliament import paper, services
from deiseb.parliament.forms import ArchiveForm, DivisionForm, OutcomeForm, PaperPetitionForm
from deiseb.parliament.models import Debate, Motion, Vote
from deiseb.petitions.lifecycle import VERBS, InvalidTransition, verbs_from
from deiseb.petitions.models import Petition

RECENT_DEBATES = 30
RECENT_PETITIONS = 30

# The clerks' actions on a petition, by the lifecycle verb each performs: where its form is,
# what the link says and who may. The pages offer the ones `verbs_from` allows now.
PETITION_ACTIONS = {
    "record_response": (
        "updates:response",
        gettext_lazy("Enter the Welsh Government's response and email signers"),
        (CLERKS,),
    ),
    "record_not_debated": (
        "record:not_debated",
        gettext_lazy("Record that it will not be debated"),
        (CLERKS,),
    ),
    "complete": ("record:complete", gettext_lazy("Mark it completed"), (CLERKS,)),
    "archive": ("record:archive", gettext_lazy("Archive it"), (CLERKS, SYSADMINS)),
}


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
        **audit.fields_of(vote, ["question", "amendment", "position", "time", "result",
                                 "casting_vote", "casting_member", "for_count", "abstain_count",
                                 "against_count", "members_recorded"]),
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


def petition_for_staff(pk: int) -> Petition:
    return get_object_or_404(Petition, pk=pk)


def petition_actions(user, petition: Petition) -> list[tuple[str, str]]:
    """(url, label) for each action the lifecycle allows now and this user may take."""
    actions = []
    for verb in verbs_from(petition):
        if verb.name not in PETITION_ACTIONS:
            continue
        url, label, roles = PETITION_ACTIONS[verb.name]
        if has_role(user, *roles):
            actions.append((reverse(url, args=[petition.pk]), label))
    return actions


def refusal(petition: Petition) -> str:
    """Why a verb was refused, in the clerk's language: the petition as it is now."""
    petition.refresh_from_db(fields=["state", "debate_state", "archived_at"])
    if petition.archived_at:
        return _("This petition has been archived: nothing more can be recorded on it.")
    return _(
        "This cannot be done to the petition now: it is “%(state)s” (debate: “%(debate)s”). "
        "Someone may have changed it a moment ago."
    ) % {"state": petition.get_state_display(), "debate": petition.get_debate_state_display()}


def _lookup(request):
    """The "go to petition number" box on the index: the petition's page, or why not."""
    number = request.GET.get("petition", "").strip().lstrip("#")
    if number.isdigit() and Petition.objects.filter(pk=number).exists():
        return redirect("record:petition", pk=int(number))
    messages.error(request, _("There is no petition with that number."))
    return None


@never_cache
@role_required(CLERKS, SYSADMINS)
def index(request):
    if "petition" in request.GET and (found := _lookup(request)):
        return found
    petitions = Petition.objects.filter(
        referred_at__isnull=False, archived_at__isnull=True
    ).order_by("-referred_at", "-pk")[:RECENT_PETITIONS]
    referred = [(petition, petition_actions(request.user, petition)) for petition in petitions]
    votes = Vote.objects.select_related("amendment").order_by("position")
    debates = Debate.objects.prefetch_related(
        "petitions",
        Prefetch(
            "motions",
            queryset=Motion.objects.prefetch_related(Prefetch("votes", queryset=votes)),
        ),
    ).order_by("-date", "-pk")[:RECENT_DEBATES]
    context = {"debates": debates, "referred": referred}
    return render(request, "parliament/staff/index.html", context)


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


# -- a petition's end ------------------------------------------------------------------------


@never_cache
@role_required(CLERKS, SYSADMINS)
def petition(request, pk):
    """One petition as the clerks see it: where it is, what was recorded, what can be done."""
    petition = petition_for_staff(pk)
    context = {
        "petition": petition,
        "actions": petition_actions(request.user, petition),
        "emails_signers": petition.is_published and has_role(request.user, CLERKS),
        "outcomes": petition.outcomes.all(),
        "responses": petition.government_responses.select_related("member"),
        "history": petition.events.select_related("by"),
    }
    return render(request, "parliament/staff/petition.html", context)


# What the audit entry says changed: where the petition is, and whether it is archived.
CHANGED_FIELDS = ["state", "debate_state", "archived_at"]


def _petition_action(request, petition, verb: str, form, act, template: str, context: dict):
    """The shape of every action here: refuse early if the lifecycle does not allow it, check
    the form, perform the verb and write the audit entry together, or say why not."""
    if request.method == "GET" and not VERBS[verb].allows(petition):
        messages.error(request, refusal(petition))
        return redirect("record:petition", pk=petition.pk)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            before = audit.fields_of(petition, CHANGED_FIELDS)
            try:
                with transaction.atomic():
                    success, action, notes = act(form)
                    changes = audit.differences(before, audit.fields_of(petition, CHANGED_FIELDS))
                    audit.record(request.user, action, petition, changes=changes, notes=notes)
            except InvalidTransition:
                form.add_error(None, refusal(petition))
                status = 409
            else:
                messages.success(request, success)
                return redirect("record:petition", pk=petition.pk)
    context = {"petition": petition, "form": form, **context}
    return render(request, template, context, status=status)


def _outcome_view(verb, service, action, *, labels, wording):
    """Completed and not debated differ only in their service, labels and words."""

    @never_cache
    @require_http_methods(["GET", "POST"])
    @role_required(CLERKS)
    def view(request, pk):
        petition = petition_for_staff(pk)
        label_en, label_cy = labels
        form = OutcomeForm(request.POST or None, label_en=label_en, label_cy=label_cy)

        def act(form):
            data = form.cleaned_data
            service(petition, data["text_en"], data["text_cy"], by=request.user)
            return wording["success"], action, data["text_en"]

        context = {key: value for key, value in wording.items() if key != "success"}
        return _petition_action(
            request, petition, verb, form, act, "parliament/staff/outcome.html", context
        )

    return view


complete = _outcome_view(
    "complete",
    services.complete_petition,
    AuditEntry.Action.COMPLETE,
    labels=(gettext_lazy("Note (English)"), gettext_lazy("Note (Welsh)")),
    wording={
        "title": gettext_lazy("Mark the petition completed"),
        "intro": gettext_lazy(
            "The Petitions Committee has finished its work on this petition. Say what it did "
            "and why it is finished: the note is shown on the petition's page, in the page's "
            "language."
        ),
        "button": gettext_lazy("Mark completed"),
        "success": gettext_lazy("The petition is now completed."),
    },
)
record_not_debated = _outcome_view(
    "record_not_debated",
    services.record_not_debated,
    AuditEntry.Action.RECORD_NOT_DEBATED,
    labels=(gettext_lazy("Reason (English)"), gettext_lazy("Reason (Welsh)")),
    wording={
        "title": gettext_lazy("Record that the petition will not be debated"),
        "intro": gettext_lazy(
            "Say why the Senedd will not debate this petition: the reason is shown on the "
            "petition's page, in the page's language."
        ),
        "button": gettext_lazy("Record not debated"),
        "success": gettext_lazy("Recorded: the petition will not be debated."),
    },
)


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(CLERKS, SYSADMINS)
def archive(request, pk):
    petition = petition_for_staff(pk)
    form = ArchiveForm(request.POST or None)

    def act(form):
        notes = form.cleaned_data["notes"]
        services.archive_petition(petition, by=request.user, notes=notes)
        return _("The petition is archived."), AuditEntry.Action.ARCHIVE, notes

    template = "parliament/staff/archive.html"
    return _petition_action(request, petition, "archive", form, act, template, {})


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(CLERKS)
def new_paper_petition(request):
    form = PaperPetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        petition = paper.record_paper_petition(**form.cleaned_data, by=request.user)
        messages.success(request, _("The paper petition has been recorded and published."))
        return redirect("petitions:detail", pk=petition.pk)
    status = 400 if form.errors else 200
    return render(request, "parliament/paper.html", {"form": form}, status=status)
