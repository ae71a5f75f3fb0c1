"""Counters for rate limits without Redis; the signing rates and allow and block lists.

Over a signing rate a signature is stored as fraudulent (shadow-banned), not refused: the signer
sees the same page and gets the same email. Sysadmins change the rates and lists at run time.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """Attempts counted in one window for one keyed hash; rows past `expires_at` are pruned.

    The key is an HMAC of who is counted, so the table holds no address, email or IP in clear.
    """

    key = models.CharField(max_length=120, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class SigningRates(models.Model):
    """The one row of signing rates (pk 1), defaulting to the anchors' (e-petitions) values."""

    burst_rate = models.PositiveIntegerField(_("burst rate"), default=1)
    burst_seconds = models.PositiveIntegerField(_("burst period (seconds)"), default=60)
    sustained_rate = models.PositiveIntegerField(_("sustained rate"), default=5)
    sustained_seconds = models.PositiveIntegerField(_("sustained period (seconds)"), default=300)
    creator_rate = models.PositiveIntegerField(_("petitions started per address"), default=2)
    sponsor_rate = models.PositiveIntegerField(_("supporter signatures per address"), default=5)
    across_seconds = models.PositiveIntegerField(
        _("period for starting and supporting (seconds)"), default=3600
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = _("signing rates")

    def __str__(self) -> str:
        return str(_("Signing rates"))

    @classmethod
    def current(cls) -> "SigningRates":
        return cls.objects.get_or_create(pk=1)[0]


class AddressRule(models.Model):
    """One entry of the allow or block list: an IP address or CIDR range, a domain, an email.

    A domain may start with `*.` for every subdomain. Allowed wins over blocked and over the
    rates; blocked signatures are stored as fraudulent, like those over the rates.
    """

    class List(models.TextChoices):
        ALLOW = "allow", _("Allowed")
        BLOCK = "block", _("Blocked")

    class Kind(models.TextChoices):
        IP = "ip", _("IP address or range")
        DOMAIN = "domain", _("Email domain")
        EMAIL = "email", _("Email address")

    list = models.CharField(max_length=5, choices=List.choices)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    value = models.CharField(max_length=254)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["list", "kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["list", "kind", "value"], name="address_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.list} {self.kind} {self.value}"
