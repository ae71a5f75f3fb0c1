"""Updates emailed to a petition's signers, and the ledger that makes each one go out once.

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
from deiseb.parliament.models import Debate
from deiseb.petitions.models import Petition
from deiseb.signatures.models import Signature


class PetitionUpdate(models.Model):
    """One message to everyone who asked for updates on a petition, e.g. "the debate is on"."""

    class Kind(models.TextChoices):
        DEBATE_SCHEDULED = "debate_scheduled", _("Debate scheduled")
        DEBATE_OUTCOME = "debate_outcome", _("Debate outcome")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="updates")
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="petition_updates")
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
        ]
        indexes = [
            models.Index(
                fields=["progressed_at"], condition=~Q(state="sent"), name="petition_update_unsent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: petition {self.petition_id}, debate {self.debate_id}"

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
