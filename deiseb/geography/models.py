"""Where signatures come from: Senedd constituencies and regions over time, countries, postcodes."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_cy = models.CharField(_("name (Welsh)"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_cy if get_language() == "cy" and self.name_cy else self.name_en


class InForceQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None):
        """Rows valid on a date: boundaries change (40 constituencies to 16 on 7 May 2026)."""
        on = on or datetime.date.today()
        return self.filter(Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on)))


class Region(BilingualName):
    code = models.CharField(max_length=9, primary_key=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    objects = InForceQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]


class Constituency(BilingualName):
    code = models.CharField(max_length=9, primary_key=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    members = models.PositiveSmallIntegerField(default=1)
    # For signatures per head: the figure the data files give (gov.wales), blank if unknown.
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # SVG path data in the frame of geography.outlines, projected once by import_geography.
    outline = models.TextField(_("outline"), blank=True, default="")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    objects = InForceQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = _("constituencies")

    def in_force_on(self, on: datetime.date) -> bool:
        """The same rule as InForceQuerySet.in_force, for a row already in hand."""
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


class Country(BilingualName):
    class Kind(models.TextChoices):
        UK_NATION = "uk_nation", _("UK nation")
        COUNTRY = "country", _("Country or territory")

    WALES = "GB-WLS"
    ENGLAND = "GB-ENG"
    SCOTLAND = "GB-SCT"
    NORTHERN_IRELAND = "GB-NIR"

    code = models.CharField(max_length=6, primary_key=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COUNTRY)
    # UK nations first, Wales leading, then everyone else alphabetically.
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name_plural = _("countries")

    @property
    def is_uk(self) -> bool:
        return self.kind == self.Kind.UK_NATION


class Postcode(models.Model):
    """One row per postcode per boundary set, so a signature can be placed on any date."""

    postcode = models.CharField(max_length=8)
    constituency = models.ForeignKey(Constituency, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "constituency"], name="postcode_once_per_set"
            )
        ]
        indexes = [models.Index(fields=["postcode"], name="postcode_lookup")]

    def __str__(self) -> str:
        return self.postcode
