"""Why petitions are rejected; what moderators did is in the petition's history (PetitionEvent)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language

from deiseb.petitions.models import Petition


class RejectionReason(models.Model):
    """Seeded from PRODUCT.md by a migration; staff may edit the wording in the admin."""

    INSUFFICIENT = "insufficient"

    code = models.SlugField(max_length=20, primary_key=True)
    title_en = models.CharField(max_length=100)
    title_cy = models.CharField(max_length=100)
    description_en = models.TextField()
    description_cy = models.TextField()
    # A hidden reason (libellous, offensive…) hides the petition and must never be shown publicly.
    hidden = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_cy if get_language() == "cy" else self.title_en

    @property
    def description(self) -> str:
        return self.description_cy if get_language() == "cy" else self.description_en


class Rejection(models.Model):
    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="rejection")
    reason = models.ForeignKey(RejectionReason, on_delete=models.PROTECT)
    details_en = models.TextField(blank=True)
    details_cy = models.TextField(blank=True)
    # For a duplicate: the petition to sign instead, so its page can link there.
    duplicate_of = models.ForeignKey(
        Petition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.reason_id}"

    @property
    def details(self) -> str:
        return (self.details_cy if get_language() == "cy" else self.details_en) or (
            self.details_en or self.details_cy
        )


class EditLock(models.Model):
    """Who has a petition open in moderation, so that two people do not decide it at once.

    A lock lasts a few minutes from the holder's last request (MODERATION_EDIT_LOCK_MINUTES):
    someone who walks away without acting does not keep the petition from the others for long.
    """

    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, primary_key=True, related_name="edit_lock"
    )
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.holder_id} until {self.expires_at:%H:%M}"
