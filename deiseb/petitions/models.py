"""A petition and its life: the states it moves through and the thresholds it crosses."""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from deiseb.petitions import search


def new_token() -> str:
    return secrets.token_urlsafe(18)


# What "in both languages" means, once: the action and background in each, and the additional
# details in each or in neither. `published()` and `Petition.is_published` both read these.
TEXT_REQUIRED = ("action", "background")
TEXT_PAIRED = ("additional_details",)
# Every text field of a petition, in both languages.
TEXT_FIELDS = [
    f"{field}_{language}" for field in (*TEXT_REQUIRED, *TEXT_PAIRED) for language in ("en", "cy")
]


def _written(field: str, language: str) -> Q:
    return ~Q(**{f"{field}_{language}": ""})


def in_both_languages() -> Q:
    condition = Q()
    for field in TEXT_REQUIRED:
        condition &= _written(field, "en") & _written(field, "cy")
    for field in TEXT_PAIRED:
        both = _written(field, "en") & _written(field, "cy")
        condition &= both | Q(**{f"{field}_en": "", f"{field}_cy": ""})
    return condition


class PetitionQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: a public state and the text in both languages."""
        return self.filter(Q(state__in=Petition.PUBLISHED_STATES) & in_both_languages())

    def signable(self):
        return self.published().filter(state__in=Petition.SIGNABLE_STATES)

    def in_moderation(self):
        return self.filter(state__in=Petition.MODERATION_STATES)

    def due_for_closing(self, now):
        return self.filter(state=Petition.State.OPEN, closes_at__lte=now)

    def awaiting_referral_decision(self, now):
        """Closed long enough for late confirmations to land, and not yet referred or rejected."""
        delay = timezone.timedelta(hours=settings.PETITION_REFERRAL_DELAY_HOURS)
        return self.filter(
            state=Petition.State.CLOSED, referred_at__isnull=True, closed_at__lte=now - delay
        )

    def search(self, query: str):
        """Petitions holding every word of the query, stemmed, in either language; best first."""
        return search.matching(self, query).order_by("-rank", "-signature_count")

    def similar_to(self, query: str):
        """Petitions most like the query, in either language, ranked; no word is required."""
        return search.similar(self, query)

    def open_first(self):
        """The same petitions, the signable ones first, each part in its existing order."""
        signable = Case(When(state__in=Petition.SIGNABLE_STATES, then=1), default=0)
        return self.alias(signable=signable).order_by("-signable", *self.query.order_by)

    def closed_and_debated(self) -> dict:
        """How many of these can no longer be signed, and how many were debated: one query."""
        return self.order_by().aggregate(
            closed=Count("pk", filter=~Q(state__in=Petition.SIGNABLE_STATES)),
            debated=Count("pk", filter=Q(debate_state=Petition.DebateState.DEBATED)),
        )

    def list_counts(self) -> dict[str, int]:
        """How many of these each public list (Petition.LISTS) holds, in one query: the tabs."""
        return self.order_by().aggregate(
            **{
                name: Count("pk", filter=condition or None)
                for name, (condition, _order) in Petition.LISTS.items()
            }
        )

    def with_debate_date(self):
        """Annotated with `debated_on`, the day of its latest debate, for the lists to show.

        By the reverse name of the record's debates (deiseb.parliament), so nothing is imported
        from the layer above; a debate still to come is not counted. None if never debated.
        """
        latest = (
            self.model.objects.filter(pk=OuterRef("pk"), debates__date__lte=timezone.localdate())
            .order_by("-debates__date")
            .values("debates__date")[:1]
        )
        return self.annotate(debated_on=Subquery(latest))

    def listed(self, name: str):
        """One of the public lists (Petition.LISTS): which petitions it holds, in what order."""
        condition, order = Petition.LISTS[name]
        return self.published().filter(condition).order_by(*order)


class Petition(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        VALIDATED = "validated", _("Collecting supporters")
        SPONSORED = "sponsored", _("Awaiting moderation")
        FLAGGED = "flagged", _("Flagged")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        COMPLETED = "completed", _("Completed")
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden")

    class DebateState(models.TextChoices):
        PENDING = "pending", _("Not yet considered for debate")
        AWAITING = "awaiting", _("Awaiting a debate")
        SCHEDULED = "scheduled", _("Debate scheduled")
        DEBATED = "debated", _("Debated")
        NOT_DEBATED = "not_debated", _("Not debated")

    SUPPORTABLE_STATES = frozenset({State.VALIDATED, State.SPONSORED, State.FLAGGED})
    MODERATION_STATES = frozenset({State.SPONSORED, State.FLAGGED})
    SIGNABLE_STATES = frozenset({State.OPEN})
    PUBLISHED_STATES = frozenset({State.OPEN, State.CLOSED, State.COMPLETED, State.REJECTED})
    REJECTED_STATES = frozenset({State.REJECTED, State.HIDDEN})

    # The public lists: name -> (which published petitions, newest or biggest first).
    LISTS = {
        "open": (Q(state=State.OPEN), ("-signature_count", "-opened_at")),
        "referred": (Q(referred_at__isnull=False), ("-referred_at",)),
        "debated": (Q(debate_state=DebateState.DEBATED), ("-referred_at", "-closed_at")),
        "not_debated": (Q(debate_state=DebateState.NOT_DEBATED), ("-closed_at",)),
        "completed": (Q(state=State.COMPLETED), ("-completed_at",)),
        "rejected": (Q(state=State.REJECTED), ("-rejected_at",)),
        "all": (Q(), ("-opened_at",)),
    }

    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="en")

    action_en = models.CharField(_("action (English)"), max_length=100, blank=True)
    action_cy = models.CharField(_("action (Welsh)"), max_length=100, blank=True)
    background_en = models.TextField(_("background (English)"), max_length=500, blank=True)
    background_cy = models.TextField(_("background (Welsh)"), max_length=500, blank=True)
    additional_details_en = models.TextField(max_length=1100, blank=True)
    additional_details_cy = models.TextField(max_length=1100, blank=True)

    # The creator's name is public while open (or their pseudonym, if they asked for one);
    # email, postcode, address and phone are for staff only.
    creator_name = models.CharField(max_length=255)
    creator_pseudonym = models.CharField(max_length=255, blank=True)
    creator_email = models.EmailField(max_length=254)
    creator_postcode = models.CharField(max_length=8)
    creator_address = models.TextField(max_length=500)
    creator_phone = models.CharField(max_length=31)

    duration_days = models.PositiveSmallIntegerField()
    sponsor_token = models.CharField(max_length=32, unique=True, default=new_token)

    # Frozen when the petition is created, so a settings change never moves its goalposts.
    referral_threshold = models.PositiveIntegerField()
    debate_threshold = models.PositiveIntegerField()

    signature_count = models.PositiveIntegerField(default=0)
    # Handed in on paper: the day it was, and the signatures it carried. signature_count
    # includes them, and reconciling counts keeps them (they have no rows to count).
    paper_submitted_on = models.DateField(null=True, blank=True)
    paper_signatures = models.PositiveIntegerField(default=0)
    last_signed_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    sponsored_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    referral_threshold_reached_at = models.DateTimeField(null=True, blank=True)
    debate_threshold_reached_at = models.DateTimeField(null=True, blank=True)
    referred_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # Its signers' and creator's personal data replaced, counts kept (deiseb.retention).
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # A sysadmin's legal hold keeps its personal data past the retention period.
    legal_hold = models.BooleanField(default=False)
    debate_state = models.CharField(
        max_length=12, choices=DebateState.choices, default=DebateState.PENDING
    )
    # Written by a PostgreSQL trigger (migration 0002); always empty on SQLite.
    search_vector = SearchVectorField(editable=False, null=True, blank=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "closes_at"], name="petition_state_closes"),
            models.Index(fields=["state", "-signature_count"], name="petition_state_count"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "validated", "sponsored", "flagged"])
                | ~Q(action_en="", action_cy=""),
                name="petition_has_text",
            )
        ]

    def __str__(self) -> str:
        return self.action or f"#{self.pk}"

    def in_language(self, field: str, language: str | None = None) -> str:
        language = language or get_language() or "en"
        preferred = getattr(self, f"{field}_{'cy' if language == 'cy' else 'en'}")
        return preferred or getattr(self, f"{field}_{'en' if language == 'cy' else 'cy'}")

    @property
    def action(self) -> str:
        return self.in_language("action")

    @property
    def background(self) -> str:
        return self.in_language("background")

    @property
    def additional_details(self) -> str:
        return self.in_language("additional_details")

    @property
    def has_both_languages(self) -> bool:
        """The same rule as in_both_languages(), for a petition already in hand."""
        required = all(
            getattr(self, f"{field}_{language}")
            for field in TEXT_REQUIRED
            for language in ("en", "cy")
        )
        paired = all(
            bool(getattr(self, f"{field}_en")) == bool(getattr(self, f"{field}_cy"))
            for field in TEXT_PAIRED
        )
        return required and paired

    @property
    def public_creator_name(self) -> str:
        return self.creator_pseudonym or self.creator_name

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_paper(self) -> bool:
        return self.paper_submitted_on is not None

    @property
    def accepts_signatures(self) -> bool:
        """Open, and collected here: a paper petition's signatures were collected on paper."""
        return self.is_open and not self.is_paper

    @property
    def is_published(self) -> bool:
        return self.state in self.PUBLISHED_STATES and self.has_both_languages

    @property
    def is_in_moderation(self) -> bool:
        return self.state in self.MODERATION_STATES

    @property
    def accepts_supporters(self) -> bool:
        return self.state in self.SUPPORTABLE_STATES

    @property
    def is_rejected(self) -> bool:
        return self.state in self.REJECTED_STATES

    @property
    def shows_creator(self) -> bool:
        """The creator's name is public only while the petition is open (PRODUCT.md)."""
        return self.is_open

    @property
    def next_threshold(self) -> int:
        if self.signature_count < self.referral_threshold:
            return self.referral_threshold
        return self.debate_threshold

    @property
    def accepts_late_confirmations(self) -> bool:
        """Signatures made while open may still be confirmed in the grace period after closing."""
        if self.state != self.State.CLOSED or not self.closed_at or self.referred_at:
            return False
        grace = timezone.timedelta(hours=settings.PETITION_REFERRAL_DELAY_HOURS)
        return timezone.now() < self.closed_at + grace


class PetitionEvent(models.Model):
    """The petition's history, append-only: one row per lifecycle verb, with who and why.

    The public timeline and the staff history both read it; text edits keep before and after.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(max_length=24)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state_before = models.CharField(max_length=10, blank=True)
    state_after = models.CharField(max_length=10)
    debate_state_before = models.CharField(max_length=12, blank=True)
    debate_state_after = models.CharField(max_length=12, blank=True)
    notes = models.TextField(blank=True)
    # {field: [before, after]} for a text edit.
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["petition", "created_at"], name="petition_event_when")]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.verb}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("A petition's history is append-only")
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        from deiseb.petitions.lifecycle import VERBS

        verb = VERBS.get(self.verb)
        return str(verb.label) if verb else self.verb
