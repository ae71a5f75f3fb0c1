"""Staff forms for the record. Each builds the rows and leaves the rules to services, so the
quick division page and the admin refuse the same things with the same words."""

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from deiseb.core.forms import DayMonthYearField, PersonNameField, plain_text
from deiseb.parliament import services
from deiseb.parliament.models import (
    Amendment,
    GovernmentResponse,
    Member,
    Motion,
    Party,
    Seat,
    Vote,
)

Option = Vote.Option
ABSENT = "absent"
CHOICES = [
    (Option.FOR, Option.FOR.label),
    (Option.AGAINST, Option.AGAINST.label),
    (Option.ABSTAIN, Option.ABSTAIN.label),
    (ABSENT, _("Did not vote")),
]


class AmendmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return gettext("Amendment %(number)s") % {"number": obj.number}


@dataclass
class PartyGroup:
    """One party's members on the division page: the group default, then each member."""

    party: Party
    default: forms.BoundField
    members: list[tuple[Seat, forms.BoundField, bool]]  # seat, exception field, presiding


class DivisionForm(forms.Form):
    """A division entered quickly: each party's usual vote, then the members who differed.

    Counts may be left blank to be taken from the members; if given they must agree. Built for
    one motion (a new vote) or one existing vote (to record or correct its members). When no
    member's seat is recorded for the day (the members file predates the term) the division is
    taken by its counts alone and saved as not recording members, rather than refused.
    """

    position = forms.IntegerField(label=_("Order in which it was put"), min_value=1)
    question = forms.ChoiceField(label=_("Question"), choices=Vote.Question.choices)
    amendment = AmendmentChoiceField(
        label=_("Amendment (for a vote on an amendment)"),
        queryset=Amendment.objects.none(),
        required=False,
    )
    time = forms.TimeField(
        label=_("Time of the division (optional)"),
        help_text=_("UK time, as the Record of Proceedings gives it, e.g. 17:32."),
        required=False,
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"invalid": _("Enter the time as hours and minutes, like 17:32.")},
    )
    for_count = forms.IntegerField(label=_("For"), min_value=0, required=False)
    abstain_count = forms.IntegerField(label=_("Abstain"), min_value=0, required=False)
    against_count = forms.IntegerField(label=_("Against"), min_value=0, required=False)
    casting_vote = forms.ChoiceField(
        label=_("Casting vote"),
        choices=[
            ("", _("None: the vote was not tied")),
            *Vote._meta.get_field("casting_vote").choices,
        ],
        required=False,
    )
    casting_member = forms.ModelChoiceField(
        label=_("Given by"), queryset=Member.objects.none(), required=False
    )

    def __init__(self, *args, motion: Motion, vote: Vote | None = None, **kwargs):
        self.motion = motion
        self.vote = vote
        self.date = motion.debate.date
        self.seats = sorted(
            services.seats_on(self.date).values(),
            key=lambda seat: (seat.party.name_en, seat.member.name_en),
        )
        self.counts_only = not self.seats
        self.presiding = set(services.presiding_officers(self.date).values_list("pk", flat=True))
        kwargs.setdefault("initial", self._initial())
        super().__init__(*args, **kwargs)
        self.fields["amendment"].queryset = motion.amendments.order_by("number")
        self.fields["casting_member"].queryset = services.presiding_officers(self.date)
        if vote is not None:  # the question is fixed; change it in the admin
            for name in ("position", "question", "amendment"):
                self.fields[name].disabled = True
        parties = {seat.party_id: seat.party for seat in self.seats}
        for party in parties.values():
            self.fields[f"party_{party.pk}"] = forms.ChoiceField(
                label=_("How most of the group voted"),
                choices=CHOICES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how most of the %(party)s group voted.")
                    % {"party": party.name}
                },
            )
        for seat in self.seats:
            self.fields[f"member_{seat.member_id}"] = forms.ChoiceField(
                label=seat.member.name,
                choices=[("", _("As the group")), *CHOICES],
                required=False,
            )

    def _initial(self) -> dict:
        """For a new vote, the next position, and the presiding officers down as not voting;
        for a recorded one, each group's most common vote and the members who differed."""
        if self.vote is None:
            return {
                "position": services.next_position(self.motion),
                "question": (
                    Vote.Question.MOTION_WITHOUT_AMENDMENT
                    if self.motion.amendments.exists()
                    else Vote.Question.MOTION
                ),
                **{f"member_{pk}": ABSENT for pk in self.presiding},
            }
        vote = self.vote
        initial = {
            "position": vote.position,
            "question": vote.question,
            "amendment": vote.amendment_id,
            "time": vote.time,
            "for_count": vote.for_count,
            "abstain_count": vote.abstain_count,
            "against_count": vote.against_count,
            "casting_vote": vote.casting_vote,
            "casting_member": vote.casting_member_id,
        }
        if not vote.members_recorded:
            return initial | {f"member_{pk}": ABSENT for pk in self.presiding}
        recorded = dict(vote.member_votes.values_list("member_id", "option"))
        by_party: dict[int, Counter] = {}
        for seat in self.seats:
            by_party.setdefault(seat.party_id, Counter())[recorded.get(seat.member_id, ABSENT)] += 1
        defaults = {party: counts.most_common(1)[0][0] for party, counts in by_party.items()}
        initial |= {f"party_{party}": option for party, option in defaults.items()}
        for seat in self.seats:
            option = recorded.get(seat.member_id, ABSENT)
            if option != defaults[seat.party_id]:
                initial[f"member_{seat.member_id}"] = option
        return initial

    def groups(self) -> list[PartyGroup]:
        """Parties biggest first, for one fieldset each."""
        groups: dict[int, PartyGroup] = {}
        for seat in self.seats:
            group = groups.setdefault(
                seat.party_id, PartyGroup(seat.party, self[f"party_{seat.party_id}"], [])
            )
            group.members.append(
                (seat, self[f"member_{seat.member_id}"], seat.member_id in self.presiding)
            )
        return sorted(groups.values(), key=lambda g: (-len(g.members), g.party.name_en))

    def _value(self, name: str) -> str:
        """A choice as submitted (before or without validation) or as first shown."""
        if self.is_bound:
            return self.data.get(self.add_prefix(name), "")
        return str(self.initial.get(name, "") or "")

    def member_options(self) -> dict[int, str]:
        """Each member's vote: their own choice if made, otherwise their group's."""
        options = {}
        for seat in self.seats:
            option = self._value(f"member_{seat.member_id}") or self._value(
                f"party_{seat.party_id}"
            )
            options[seat.member_id] = option
        return options

    def totals(self) -> dict[str, int]:
        counts = Counter(self.member_options().values())
        return {option: counts[option] for option, _label in CHOICES}

    def clean(self):
        cleaned = super().clean()
        counts = [cleaned.get(name) for name in ("for_count", "abstain_count", "against_count")]
        if self.counts_only and any(count is None for count in counts):
            raise ValidationError(
                _(
                    "Enter all three counts: the members who held a seat that day are not held "
                    "here, so the counts cannot be taken from them."
                )
            )
        if any(count is None for count in counts) and any(count is not None for count in counts):
            raise ValidationError(
                _("Enter all three counts, or leave all three blank to take them from the members.")
            )
        return cleaned

    def member_votes(self) -> list[tuple[Member, str]] | None:
        """Each member's vote, or None when the members of the day are not held."""
        if self.counts_only:
            return None
        options = self.member_options()
        return [
            (seat.member, options[seat.member_id])
            for seat in self.seats
            if options[seat.member_id] in Option.values
        ]

    def save(self) -> Vote:
        """Record the division through the service; its refusals become form errors."""
        data = self.cleaned_data
        vote = self.vote or Vote(
            motion=self.motion,
            position=data["position"],
            question=data["question"],
            amendment=data["amendment"],
        )
        vote.time = data["time"]
        vote.for_count = data["for_count"]
        vote.abstain_count = data["abstain_count"]
        vote.against_count = data["against_count"]
        vote.casting_vote = data["casting_vote"]
        vote.casting_member = data["casting_member"]
        vote.result = ""
        return services.record_division(vote, self.member_votes())


VOTE_FIELDS = [
    "motion",
    "position",
    "question",
    "amendment",
    "time",
    "for_count",
    "abstain_count",
    "against_count",
    "casting_vote",
    "casting_member",
]


class VoteAdminForm(forms.ModelForm):
    """The admin's vote form: the result comes from how it was decided and the counts."""

    decided = forms.ChoiceField(
        label=_("Decided by"),
        choices=[
            ("division", _("A division (counts below)")),
            ("without_objection", _("Agreed without objection (no division)")),
        ],
        widget=forms.RadioSelect,
        initial="division",
    )

    # The service checks these fields against other rows and says what is wrong in words, so
    # the model's own constraint checks would only repeat it less clearly.
    CHECKED_BY_SERVICE = frozenset(
        {"result", "for_count", "abstain_count", "against_count", "casting_vote", "casting_member"}
    )

    class Meta:
        model = Vote
        fields = VOTE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.instance.is_division:
            self.initial["decided"] = "without_objection"

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | self.CHECKED_BY_SERVICE

    def recorded_member_votes(self):
        if not (self.instance.pk and self.instance.members_recorded):
            return None
        return [
            (mv.member, mv.option) for mv in self.instance.member_votes.select_related("member")
        ]

    def clean(self):
        cleaned = super().clean()
        if self.errors or not cleaned.get("motion"):
            return cleaned
        vote = Vote(pk=self.instance.pk, **{name: cleaned.get(name) for name in VOTE_FIELDS})
        vote.casting_vote = vote.casting_vote or ""
        if cleaned["decided"] == "without_objection":
            vote.result = Vote.Result.WITHOUT_OBJECTION
            member_votes = None
        else:
            if None not in (vote.for_count, vote.against_count):
                vote.result = services.result_for(
                    vote.for_count, vote.against_count, vote.casting_vote
                )
            member_votes = self.recorded_member_votes()
        services.check_vote(vote, member_votes)
        self.instance.result = vote.result
        return cleaned


class AmendmentAdminForm(forms.ModelForm):
    """Staff may deselect or withdraw an amendment; agreed or not comes from its vote."""

    class Meta:
        model = Amendment
        fields = ["number", "mover", "text_en", "text_cy", "status"]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        changed = status and (self.instance.pk is None or status != self.instance.status)
        if changed and (problems := services.amendment_status_problems(self.instance, status)):
            self.add_error("status", problems)
        return cleaned


# -- the end of a petition's consideration -------------------------------------------------


class OutcomeForm(forms.Form):
    """A note (completed) or a reason (not debated), in both languages, for the public page."""

    text_en = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=2000)
    text_cy = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "lang": "cy"}), max_length=2000
    )

    def __init__(self, *args, label_en, label_cy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text_en"].label = label_en
        self.fields["text_cy"].label = label_cy


class GovernmentResponseForm(forms.ModelForm):
    """The Welsh Government's response as a clerk enters it, to be saved and emailed."""

    class Meta:
        model = GovernmentResponse
        fields = ["responded_on", "member", "summary_en", "summary_cy", "text_en", "text_cy"]
        labels = {
            "responded_on": _("Date of the response"),
            "member": _("Responding minister"),
            "summary_en": _("Summary (English)"),
            "summary_cy": _("Summary (Welsh)"),
            "text_en": _("Full response (English)"),
            "text_cy": _("Full response (Welsh)"),
        }
        help_texts = {
            "responded_on": _("For example, 2025-03-14."),
            "summary_en": _("One or two sentences, shown on the petition's timeline."),
        }
        widgets = {
            "responded_on": forms.DateInput(attrs={"type": "date"}),
            "summary_cy": forms.TextInput(attrs={"lang": "cy"}),
            "text_en": forms.Textarea(attrs={"rows": 10}),
            "text_cy": forms.Textarea(attrs={"rows": 10, "lang": "cy"}),
        }

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.petition = petition
        self.fields["member"].queryset = Member.objects.order_by("name_en")

    def clean_responded_on(self):
        responded_on = self.cleaned_data["responded_on"]
        if responded_on > timezone.localdate():
            raise ValidationError(_("The date of the response cannot be in the future."))
        return responded_on


class ArchiveForm(forms.Form):
    notes = forms.CharField(
        label=_("Note for the petition's history (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )


class PaperPetitionForm(forms.Form):
    """A petition handed in on paper, typed in by a clerk in both languages."""

    action_en = plain_text(_("Action (English)"), 100)
    action_cy = plain_text(_("Action (Welsh)"), 100)
    background_en = plain_text(_("Background (English)"), 500, rows=5)
    background_cy = plain_text(_("Background (Welsh)"), 500, rows=5)
    additional_details_en = plain_text(
        _("Additional details (English)"), 1100, rows=6, required=False
    )
    additional_details_cy = plain_text(
        _("Additional details (Welsh)"), 1100, rows=6, required=False
    )
    creator_name = PersonNameField(label=_("Name of the person who started it"))
    submitted_on = DayMonthYearField(
        label=_("Date it was handed in"),
        error_messages={
            "invalid": _("Enter a real date, like 31 3 2027."),
            "required": _("Enter the date the petition was handed in."),
        },
    )
    signatures = forms.IntegerField(
        label=_("Number of signatures"),
        min_value=1,
        max_value=10_000_000,
        error_messages={"required": _("Enter the number of signatures on the paper petition.")},
    )

    def clean_submitted_on(self):
        value = self.cleaned_data["submitted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date it was handed in cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        english, welsh = (cleaned.get(f"additional_details_{lang}") for lang in ("en", "cy"))
        if bool(english) != bool(welsh):
            raise forms.ValidationError(
                _("Give the additional details in both languages, or in neither.")
            )
        return cleaned
