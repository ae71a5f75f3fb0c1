"""The parliamentary record that follows a petition: members, debates, motions and votes.

Facts that change over time (a member's seat and party, their roles, which term is sitting) are
rows with dates, so a vote of 2025 is read against the Senedd as it was in 2025.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from deiseb.geography.models import Constituency, Region
from deiseb.petitions.models import Petition


def in_language(obj, field: str) -> str:
    """The Welsh value on a Welsh page when there is one, the English otherwise."""
    welsh = getattr(obj, f"{field}_cy")
    return welsh if get_language() == "cy" and welsh else getattr(obj, f"{field}_en")


class DatedQuerySet(models.QuerySet):
    def on(self, date: datetime.date):
        """Rows in force on a date: started on or before it, not ended before it."""
        return self.filter(
            Q(start_date__lte=date) & (Q(end_date__isnull=True) | Q(end_date__gte=date))
        )


def dates_in_order(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
        name=name,
        violation_error_message=_("The end date cannot be before the start date."),
    )


def one_of(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    """The database refuses a value the code does not know, whoever writes the row."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class Term(models.Model):
    """A Senedd term, e.g. the Sixth Senedd (2021–2026)."""

    number = models.PositiveSmallIntegerField(unique=True)
    name_en = models.CharField(max_length=100)
    name_cy = models.CharField(max_length=100)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    members = models.PositiveSmallIntegerField(
        default=60, help_text=_("How many members the Senedd has: 60 until 2026, then 96.")
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            dates_in_order("term_dates_in_order"),
            models.CheckConstraint(condition=Q(members__gte=1), name="term_has_members"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class Party(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name_en = models.CharField(max_length=100)
    name_cy = models.CharField(max_length=100)
    colour = models.CharField(
        max_length=7,
        default="#6f777b",
        validators=[RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("Enter a colour such as #0087DC."))],
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class Member(models.Model):
    """A person who has sat in the Senedd; seats and roles say when and where."""

    senedd_id = models.PositiveIntegerField(unique=True, null=True, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    name_en = models.CharField(max_length=100)
    name_cy = models.CharField(max_length=100, blank=True)
    url_en = models.URLField(blank=True)
    url_cy = models.URLField(blank=True)
    # The nightly members feed keeps names current; a field a clerk corrects in the admin is
    # listed here and the feed leaves it alone (empty the list to let the feed update it again).
    clerk_fields = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Fields a clerk corrected, which the nightly import leaves alone."),
    )

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class Seat(models.Model):
    """A member's seat and party for a span of time: a constituency or a regional list seat.

    From 2026 every member sits for one of the 16 six-member constituencies; before that 40 sat for
    constituencies and 20 for the 5 regions.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="seats")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="seats")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="seats")
    constituency = models.ForeignKey(
        Constituency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # As on Member: a seat a clerk has corrected is theirs, and the nightly import neither ends
    # nor replaces it.
    clerk_fields = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Fields a clerk corrected: the nightly import leaves this seat alone."),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            dates_in_order("seat_dates_in_order"),
            models.CheckConstraint(
                condition=Q(constituency__isnull=True) ^ Q(region__isnull=True),
                name="seat_constituency_xor_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.constituency or self.region})"

    def clean(self):
        """A seat lies within its term, and a member holds one seat at a time (the admin's check;
        an exclusion constraint would tie us to PostgreSQL)."""
        if self.constituency_id and self.region_id:
            raise ValidationError(_("A seat is for a constituency or a region, not both."))
        if not (self.constituency_id or self.region_id):
            raise ValidationError(_("Choose the constituency or the region of the seat."))
        if not (self.start_date and self.term_id and self.member_id):
            return
        term = self.term
        if self.start_date < term.start_date or (
            term.end_date and (self.end_date is None or self.end_date > term.end_date)
        ):
            raise ValidationError(
                _("A seat must start and end within its term (%(start)s to %(end)s).")
                % {"start": term.start_date, "end": term.end_date or "…"}
            )
        end = self.end_date or datetime.date.max
        overlapping = (
            Seat.objects.filter(member_id=self.member_id, start_date__lte=end)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
            .exclude(pk=self.pk)
        )
        if overlapping.exists():
            raise ValidationError(
                _("%(member)s already holds a seat during those dates.") % {"member": self.member}
            )

    @property
    def area(self):
        return self.constituency or self.region


# The offices whose holder chairs plenary and so may give a casting vote on a tie.
PRESIDING_TITLES = frozenset({"Llywydd", "Presiding Officer", "Deputy Presiding Officer"})


class RoleQuerySet(DatedQuerySet):
    def presiding(self):
        return self.filter(title_en__in=PRESIDING_TITLES)


class Role(models.Model):
    """An office held for a time, e.g. "Cabinet Secretary for Social Justice"."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="roles")
    title_en = models.CharField(max_length=200)
    title_cy = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["start_date"]
        constraints = [dates_in_order("role_dates_in_order")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self, "title")


class CommitteeDecision(models.TextChoices):
    WRITE_TO_MINISTER = "write_to_minister", _("Write to the minister")
    AWAIT_RESPONSE = "await_response", _("Await a response")
    TAKE_EVIDENCE = "take_evidence", _("Take evidence")
    SEEK_DEBATE = "seek_debate", _("Seek a debate in the Senedd")
    REFER = "refer", _("Refer to another committee")
    CLOSE = "close", _("Close the petition and thank the petitioner")


class CommitteeConsideration(models.Model):
    """The Petitions Committee looking at a petition at one meeting, and what it decided."""

    Decision = CommitteeDecision

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="committee_considerations"
    )
    meeting_date = models.DateField()
    decision = models.CharField(max_length=30, choices=Decision.choices)
    text_en = models.TextField()
    text_cy = models.TextField()
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["meeting_date", "pk"]
        constraints = [one_of("decision", CommitteeDecision, "committee_decision_known")]

    def __str__(self) -> str:
        return f"{self.meeting_date}: {self.get_decision_display()}"

    @property
    def text(self) -> str:
        return in_language(self, "text")


class GovernmentResponse(models.Model):
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="government_responses"
    )
    responded_on = models.DateField()
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="government_responses"
    )
    summary_en = models.CharField(max_length=500)
    summary_cy = models.CharField(max_length=500)
    text_en = models.TextField()
    text_cy = models.TextField()

    class Meta:
        ordering = ["responded_on", "pk"]

    def __str__(self) -> str:
        return f"{self.responded_on}: {self.member}"

    @property
    def summary(self) -> str:
        return in_language(self, "summary")

    @property
    def text(self) -> str:
        return in_language(self, "text")


class OutcomeKind(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    NOT_DEBATED = "not_debated", _("Not debated")


class PetitionOutcome(models.Model):
    """What the clerk said when a petition's consideration ended, in both languages.

    The verb (complete, record_not_debated) moves the petition and keeps the English in its
    history; this row keeps the pair the public timeline reads. One of each kind per petition:
    neither verb can happen twice.
    """

    Kind = OutcomeKind

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text_en = models.TextField(max_length=2000)
    text_cy = models.TextField(max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            one_of("kind", OutcomeKind, "petition_outcome_kind_known"),
            models.UniqueConstraint(fields=["petition", "kind"], name="petition_outcome_once"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.get_kind_display()}"

    @property
    def text(self) -> str:
        return in_language(self, "text")


class DebateKind(models.TextChoices):
    OPPOSITION = "opposition", _("Opposition debate")
    PETITION = "petition", _("Petition debate")
    GOVERNMENT = "government", _("Government debate")
    MEMBER = "member", _("Member debate")


class Debate(models.Model):
    """A plenary debate; its date may be in the future while it is scheduled."""

    Kind = DebateKind

    date = models.DateField()
    title_en = models.CharField(max_length=300)
    title_cy = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    opened_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="debates_opened"
    )
    petitions = models.ManyToManyField(Petition, blank=True, related_name="debates")
    record_url_en = models.URLField(blank=True)
    record_url_cy = models.URLField(blank=True)

    class Meta:
        ordering = ["-date", "pk"]
        constraints = [one_of("kind", DebateKind, "debate_kind_known")]

    def __str__(self) -> str:
        return f"{self.date}: {self.title_en}"

    @property
    def title(self) -> str:
        return in_language(self, "title")


class Motion(models.Model):
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="motions")
    reference = models.CharField(
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z]{2,5}\d{1,6}$", _("Enter a reference such as NDM8812."))
        ],
    )
    mover = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="motions_moved")
    cosignatories = models.ManyToManyField(Member, blank=True, related_name="motions_cosigned")
    text_en = models.TextField()
    text_cy = models.TextField()
    binding = models.BooleanField(
        default=False,
        help_text=_("Most motions in opposition and member debates do not bind the government."),
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def text(self) -> str:
        return in_language(self, "text")


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", _("Not yet voted on")
    AGREED = "agreed", _("Agreed")
    NOT_AGREED = "not_agreed", _("Not agreed")
    DESELECTED = "deselected", _("Deselected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Amendment(models.Model):
    Status = AmendmentStatus

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField()
    mover = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="amendments_moved")
    text_en = models.TextField()
    text_cy = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)

    class Meta:
        ordering = ["motion", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "number"],
                name="amendment_number_unique",
                violation_error_message=_("This motion already has an amendment with that number."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="amendment_number_positive"),
            one_of("status", AmendmentStatus, "amendment_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.motion.reference} amendment {self.number}"

    @property
    def text(self) -> str:
        return in_language(self, "text")


class VoteQuestion(models.TextChoices):
    MOTION = "motion", _("The motion")
    MOTION_WITHOUT_AMENDMENT = "motion_without_amendment", _("The motion without amendment")
    AMENDMENT = "amendment", _("Amendment")
    MOTION_AS_AMENDED = "motion_as_amended", _("The motion as amended")


class VoteResult(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    NOT_AGREED = "not_agreed", _("Not agreed")
    WITHOUT_OBJECTION = "without_objection", _("Agreed without objection")


class VoteOption(models.TextChoices):
    FOR = "for", _("For")
    ABSTAIN = "abstain", _("Abstain")
    AGAINST = "against", _("Against")


class Vote(models.Model):
    """One question put to the Senedd, decided by a division or agreed without objection.

    A Presiding Officer's casting vote breaks a tie and is not part of the counts.
    """

    Question = VoteQuestion
    Result = VoteResult
    Option = VoteOption

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    position = models.PositiveSmallIntegerField(help_text=_("Order in which it was put."))
    question = models.CharField(max_length=30, choices=Question.choices)
    amendment = models.OneToOneField(
        Amendment, null=True, blank=True, on_delete=models.CASCADE, related_name="vote"
    )
    result = models.CharField(max_length=20, choices=Result.choices)
    for_count = models.PositiveSmallIntegerField(null=True, blank=True)
    abstain_count = models.PositiveSmallIntegerField(null=True, blank=True)
    against_count = models.PositiveSmallIntegerField(null=True, blank=True)
    casting_vote = models.CharField(
        max_length=10,
        blank=True,
        choices=[(Option.FOR, Option.FOR.label), (Option.AGAINST, Option.AGAINST.label)],
    )
    casting_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="casting_votes"
    )
    members_recorded = models.BooleanField(
        default=False, help_text=_("Whether each member's vote is known and recorded.")
    )
    # The clock time on the debate's date, as the Record of Proceedings gives it; blank when the
    # record does not say, so the open data gives the date alone rather than a made-up time.
    time = models.TimeField(
        null=True, blank=True, help_text=_("When the division was called, UK time, e.g. 17:32.")
    )

    class Meta:
        ordering = ["motion", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "position"],
                name="vote_position_unique",
                violation_error_message=_("Another vote on this motion has that position."),
            ),
            # Each amendment is put once (the one-to-one), and so is each form of the motion.
            models.UniqueConstraint(
                fields=["motion", "question"],
                condition=~Q(question="amendment"),
                name="vote_motion_question_once",
                violation_error_message=_("That question has already been put on this motion."),
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="vote_position_positive"),
            one_of("question", VoteQuestion, "vote_question_known"),
            one_of("result", VoteResult, "vote_result_known"),
            models.CheckConstraint(
                condition=Q(question="amendment", amendment__isnull=False)
                | (~Q(question="amendment") & Q(amendment__isnull=True)),
                name="vote_amendment_iff_amendment_question",
            ),
            models.CheckConstraint(
                condition=(
                    Q(result="without_objection")
                    & Q(for_count__isnull=True, abstain_count__isnull=True)
                    & Q(against_count__isnull=True, casting_vote="", members_recorded=False)
                )
                | (
                    Q(for_count__isnull=False, abstain_count__isnull=False)
                    & Q(against_count__isnull=False)
                    & (
                        Q(for_count__gt=F("against_count"), result="agreed", casting_vote="")
                        | Q(for_count__lt=F("against_count"), result="not_agreed", casting_vote="")
                        | Q(for_count=F("against_count"), result="agreed", casting_vote="for")
                        | Q(
                            for_count=F("against_count"),
                            result="not_agreed",
                            casting_vote="against",
                        )
                    )
                ),
                name="vote_result_follows_counts",
            ),
            models.CheckConstraint(
                condition=(Q(casting_vote="") & Q(casting_member__isnull=True))
                | (~Q(casting_vote="") & Q(casting_member__isnull=False)),
                name="vote_casting_vote_has_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.motion.reference} #{self.position}: {self.get_question_display()}"

    @property
    def is_division(self) -> bool:
        return self.result != self.Result.WITHOUT_OBJECTION

    @property
    def counts(self) -> dict[str, int | None]:
        """The counts by option, For, Abstain, Against: the order every page and file shows."""
        return {
            self.Option.FOR: self.for_count,
            self.Option.ABSTAIN: self.abstain_count,
            self.Option.AGAINST: self.against_count,
        }

    @property
    def is_agreed(self) -> bool:
        return self.result != self.Result.NOT_AGREED

    @property
    def divided_at(self) -> datetime.datetime | None:
        """When the question was put, as an aware datetime in the Senedd's time zone, if known."""
        if self.time is None:
            return None
        moment = datetime.datetime.combine(self.motion.debate.date, self.time)
        return timezone.make_aware(moment, timezone.get_default_timezone())


class MemberVote(models.Model):
    """How one member voted in one division; the party is the one they sat for that day."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="member_votes")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="votes")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    option = models.CharField(max_length=10, choices=Vote.Option.choices)

    class Meta:
        ordering = ["vote", "member__name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "member"],
                name="member_votes_once",
                violation_error_message=_("This member has already voted in this division."),
            ),
            one_of("option", VoteOption, "member_vote_option_known"),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.option}"
