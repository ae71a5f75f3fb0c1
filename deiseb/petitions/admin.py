from django.contrib import admin

from deiseb.core.admin import ReadOnlyAdmin
from deiseb.petitions.models import TEXT_FIELDS, Petition, PetitionEvent


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    """For looking things up; state and text changes go through the moderation pages, where a
    published petition's text needs a moderator and a reason."""

    list_display = ["pk", "action_en", "action_cy", "state", "signature_count", "created_at"]
    list_filter = ["state", "debate_state"]
    search_fields = ["action_en", "action_cy"]
    readonly_fields = ["state", "debate_state", *TEXT_FIELDS, "signature_count", "sponsor_token"]


@admin.register(PetitionEvent)
class PetitionEventAdmin(ReadOnlyAdmin):
    """Read-only: a petition's history is append-only."""

    list_display = ["created_at", "petition", "verb", "by", "state_before", "state_after"]
    list_filter = ["verb"]
