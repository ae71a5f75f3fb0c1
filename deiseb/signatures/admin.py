from django.contrib import admin

from deiseb.signatures.models import Signature


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["pk", "petition", "kind", "state", "country", "constituency", "created_at"]
    list_filter = ["state", "kind"]
    raw_id_fields = ["petition"]
    readonly_fields = ["token", "count_batch", "canonical_email"]
