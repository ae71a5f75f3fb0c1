from django.contrib import admin

from deiseb.petitions.models import Petition


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    """For looking things up; state changes go through the moderation pages."""

    list_display = ["pk", "action_en", "action_cy", "state", "signature_count", "created_at"]
    list_filter = ["state", "debate_state"]
    search_fields = ["action_en", "action_cy"]
    readonly_fields = ["state", "signature_count", "sponsor_token"]
