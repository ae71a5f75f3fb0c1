"""Signatures and the counts kept from them."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deiseb.geography.models import Constituency, Country
from deiseb.petitions.models import Petition


def new_token() -> str:
    return secrets.token_urlsafe(24)


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


class SignatureQuerySet(models.QuerySet):
    def validated(self):
        return self.filter(state=Signature.State.VALIDATED)

    def uncounted(self):
        return self.validated().filter(count_batch__isnull=True)

    def sponsors(self):
        return self.filter(kind=Signature.Kind.SPONSOR)


class Signature(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        VALIDATED = "validated", _("Confirmed")
        INVALIDATED = "invalidated", _("Invalidated")
        # Over a signing rate or on a block list: stored, answered like any other, never counted.
        FRAUDULENT = "fraudulent", _("Fraudulent")

    class Kind(models.TextChoices):
        CREATOR = "creator", _("Creator")
        SPONSOR = "sponsor", _("Supporter")
        SIGNER = "signer", _("Signer")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.SIGNER)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    name = models.CharField(max_length=255)
    email = models.EmailField(max_length=254)
    canonical_email = models.CharField(max_length=254)
    # Household rule: one email may sign twice, the second time as another person at the same
    # postcode. The slot makes "at most two per email" a database fact, not a hope.
    slot = models.PositiveSmallIntegerField(default=1)
    postcode = models.CharField(max_length=8, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    constituency = models.ForeignKey(
        Constituency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The lower-cased domain of the canonical email, for trending domains, search and rules.
    email_domain = models.CharField(max_length=253, blank=True, default="")
    # On the disposable-email-domains list when it signed (the moderator sees the share).
    disposable = models.BooleanField(default=False)
    # Where the signing and the confirming requests came from: for staff only, never shown.
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    validated_ip = models.GenericIPAddressField(null=True, blank=True)
    notify_by_email = models.BooleanField(default=False)
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="en")
    token = models.CharField(max_length=40, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    validated_at = models.DateTimeField(null=True, blank=True)
    invalidated_at = models.DateTimeField(null=True, blank=True)
    # Set by the counter when this signature has been added to the petition's counts.
    count_batch = models.UUIDField(null=True, blank=True, editable=False)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "canonical_email", "slot"], name="signature_email_slot"
            ),
            models.UniqueConstraint(
                "petition", "canonical_email", Lower("name"), name="signature_one_per_person"
            ),
            models.CheckConstraint(
                condition=Q(slot__gte=1) & Q(slot__lte=settings.SIGNATURES_PER_EMAIL_MAX),
                name="signature_slot_range",
            ),
        ]
        indexes = [
            models.Index(
                fields=["petition"],
                condition=Q(state="validated", count_batch__isnull=True),
                name="signature_uncounted",
            ),
            models.Index(fields=["petition", "state", "kind"], name="signature_petition_state"),
            # An update to signers walks them in id order, a batch at a time from its cursor;
            # without this each batch reads every signer still to go, and sorts them.
            models.Index(
                fields=["petition", "id"],
                condition=Q(state="validated", notify_by_email=True),
                name="signature_wanting_updates",
            ),
            models.Index(fields=["validated_at"], name="signature_validated_at"),
            # Each counter run reads its own batch back by id; without this it scans the table.
            models.Index(fields=["count_batch"], name="signature_count_batch"),
            # The signing rates count one address's recent signatures, on a petition and across
            # them; trending and search group by address and by domain.
            models.Index(fields=["petition", "ip_address", "created_at"], name="signature_ip"),
            models.Index(fields=["ip_address", "created_at"], name="signature_ip_anywhere"),
            models.Index(fields=["petition", "email_domain"], name="signature_domain"),
            # The hour's trending and fraudulent signatures site-wide, and retention's old
            # unconfirmed ones, are ranges of this.
            models.Index(fields=["created_at"], name="signature_created_at"),
        ]

    def __str__(self) -> str:
        return f"Signature {self.pk} on petition {self.petition_id}"

    def save(self, *args, **kwargs):
        if not self.email_domain and self.canonical_email:
            self.email_domain = domain_of(self.canonical_email)
        super().save(*args, **kwargs)

    @property
    def is_validated(self) -> bool:
        return self.state == self.State.VALIDATED

    @property
    def is_expired(self) -> bool:
        age = timezone.now() - self.created_at
        return self.state == self.State.PENDING and age.days >= settings.SIGNATURE_TOKEN_DAYS


class ConstituencyCount(models.Model):
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="constituency_counts"
    )
    constituency = models.ForeignKey(Constituency, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "constituency"], name="constituency_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}/{self.constituency_id}: {self.count}"


class CountryCount(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="country_counts")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "country"], name="country_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}/{self.country_id}: {self.count}"


class HourlyCount(models.Model):
    """Signatures counted for a petition, by the UTC hour each was confirmed in.

    Written by the counter in the same transaction as the totals, so the hours of a petition
    always sum to its counted signatures (its paper ones aside); an invalidation takes a
    signature off the hour it was confirmed in, so the history tells the count as it now stands.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="hourly_counts")
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["petition", "hour"], name="hourly_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}@{self.hour:%Y-%m-%dT%H}: {self.count}"


class HourlyConstituencyCount(models.Model):
    """The hour's signatures from one constituency, as `HourlyCount` keeps the petition's."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    constituency = models.ForeignKey(Constituency, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "hour", "constituency"], name="hourly_constituency_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}@{self.hour:%Y-%m-%dT%H}/{self.constituency_id}: {self.count}"


class HourlyCountryCount(models.Model):
    """The hour's signatures from one country, as `HourlyCount` keeps the petition's."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "hour", "country"], name="hourly_country_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}@{self.hour:%Y-%m-%dT%H}/{self.country_id}: {self.count}"
