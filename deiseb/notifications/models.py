"""Updates emailed to a petition's signers, and the ledger that makes each one go out once.

An update is about a debate (scheduled, its outcome), the Welsh Government's response, or a
clerk's own message about other parliamentary business; each names what it is about.

An update is sent in batches. Each batch writes its ledger rows and their OutboundEmail rows in
one transaction, so a worker that dies half-way leaves either a whole batch or none of it, and
the next run carries on from the ledger.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deiseb.core.models import OutboundEmail
from deiseb.parliament.models import Debate, GovernmentResponse, in_language
from deiseb.petitions.models import Petition
from deiseb.signatures.models import Signature


class SignerMessage(models.Model):
    """A clerk's own email to a petition's signers about other parliamentary business.

    `key` comes from the confirmation form, so pressing "send" twice finds the same message.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="messages")
    key = models.UUIDField(unique=True)
    subject_en = models.CharField(_("subject (English)"), max_length=150)
    subject_cy = models.CharField(_("subject (Welsh)"), max_length=150)
    body_en = models.TextField(_("message (English)"), max_length=5000)
    body_cy = models.TextField(_("message (Welsh)"), max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject_en

    @property
    def subject(self) -> str:
        return in_language(self, "subject")

    @property
    def body(self) -> str:
        return in_language(self, "body")


class PetitionUpdate(models.Model):
    """One message to everyone who asked for updates on a petition, e.g. "the debate is on"."""

    class Kind(models.TextChoices):
        DEBATE_SCHEDULED = "debate_scheduled", _("Debate scheduled")
        DEBATE_OUTCOME = "debate_outcome", _("Debate outcome")
        GOVERNMENT_RESPONSE = "government_response", _("Welsh Government response")
        OTHER_BUSINESS = "other_business", _("Other parliamentary business")

    DEBATE_KINDS = frozenset({Kind.DEBATE_SCHEDULED, Kind.DEBATE_OUTCOME})

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="updates")
    # What it is about: a debate for the debate kinds, else the response or the message (one
    # update each, so a second press of "send" finds the first).
    debate = models.ForeignKey(
        Debate, null=True, blank=True, on_delete=models.CASCADE, related_name="petition_updates"
    )
    response = models.OneToOneField(
        GovernmentResponse, null=True, blank=True, on_delete=models.CASCADE, related_name="update"
    )
    message = models.OneToOneField(
        SignerMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="update"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    # The highest signature id handled so far: each batch starts after it.
    cursor = models.BigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When a batch last finished; an unsent update quiet for long lost its worker.
    progressed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "debate", "kind"], name="petition_update_once"
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["debate_scheduled", "debate_outcome"],
                    debate__isnull=False,
                    response__isnull=True,
                    message__isnull=True,
                )
                | Q(
                    kind="government_response",
                    debate__isnull=True,
                    response__isnull=False,
                    message__isnull=True,
                )
                | Q(
                    kind="other_business",
                    debate__isnull=True,
                    response__isnull=True,
                    message__isnull=False,
                ),
                name="petition_update_about_one_thing",
            ),
        ]
        indexes = [
            models.Index(
                fields=["progressed_at"], condition=~Q(state="sent"), name="petition_update_unsent"
            ),
        ]

    def __str__(self) -> str:
        about = f", debate {self.debate_id}" if self.debate_id else ""
        return f"{self.get_kind_display()}: petition {self.petition_id}{about}"

    @property
    def is_sent(self) -> bool:
        return self.state == self.State.SENT


class UpdateDelivery(models.Model):
    """An update queued for one inbox: at most one per address, written with its email row.

    The canonical address is kept (staff-only, like OutboundEmail.to) so the database itself
    refuses a second email to one inbox, e.g. a household's two signatures.
    """

    update = models.ForeignKey(PetitionUpdate, on_delete=models.CASCADE, related_name="deliveries")
    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="+")
    canonical_email = models.CharField(max_length=254)
    email = models.ForeignKey(
        OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("update deliveries")
        constraints = [
            models.UniqueConstraint(fields=["update", "signature"], name="update_delivery_once"),
            models.UniqueConstraint(
                fields=["update", "canonical_email"], name="update_delivery_one_per_inbox"
            ),
        ]

    def __str__(self) -> str:
        return f"Update {self.update_id} to signature {self.signature_id}"
