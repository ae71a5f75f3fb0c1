"""The record in the admin, for clerks (and sysadmins): every model, with the same rules.

Votes are written through deiseb.parliament.services, so the admin refuses what the division
page refuses; member-by-member votes are entered on the division page, not here.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from deiseb.accounts.roles import CLERKS, SYSADMINS, has_role
from deiseb.audit.admin import AuditedAdmin
from deiseb.parliament import services
from deiseb.parliament.forms import AmendmentAdminForm, VoteAdminForm
from deiseb.parliament.models import (
    Amendment,
    CommitteeConsideration,
    Debate,
    GovernmentResponse,
    Member,
    MemberVote,
    Motion,
    Party,
    PetitionOutcome,
    Role,
    Seat,
    Term,
    Vote,
)
from deiseb.parliament.staff_views import move_debate_petitions
from deiseb.petitions.models import Petition


class ForClerks:
    """Clerks and sysadmins (and superusers) keep the record; nobody else sees it here."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def _allowed(self, request) -> bool:
        return has_role(request.user, CLERKS, SYSADMINS)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class RecordAdmin(AuditedAdmin, ForClerks, admin.ModelAdmin):
    pass


class ReadOnlyInline(ForClerks, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def referred_petitions():
    """The petitions the record can be about: published, and in practice referred."""
    return Petition.objects.published().order_by("-referred_at", "-pk")


@admin.register(Term)
class TermAdmin(RecordAdmin):
    list_display = ["number", "name_en", "name_cy", "start_date", "end_date", "members"]


@admin.register(Party)
class PartyAdmin(RecordAdmin):
    list_display = ["name_en", "name_cy", "slug", "colour"]
    search_fields = ["name_en", "name_cy", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}

    def has_delete_permission(self, request, obj=None):
        return False  # seats and member votes keep the party they were cast for


# The fields the nightly members feed writes: a clerk's change to one of them is kept from it.
FEED_MEMBER_FIELDS = frozenset({"name_en", "name_cy"})
FEED_SEAT_FIELDS = frozenset({"term", "party", "constituency", "region", "start_date", "end_date"})


def mark_clerk_fields(obj, form, fed: frozenset) -> None:
    """List on the row the fed fields this form changed, so the next import keeps them."""
    changed = set(form.changed_data) & fed
    if changed:
        obj.clerk_fields = sorted(set(obj.clerk_fields or []) | changed)


class SeatInline(ForClerks, admin.TabularInline):
    model = Seat
    extra = 0
    fields = ["term", "party", "constituency", "region", "start_date", "end_date", "clerk_fields"]


class RoleInline(ForClerks, admin.TabularInline):
    model = Role
    extra = 0
    fields = ["title_en", "title_cy", "start_date", "end_date"]


@admin.register(Member)
class MemberAdmin(RecordAdmin):
    list_display = ["name_en", "name_cy", "senedd_id", "current_party"]
    search_fields = ["name_en", "name_cy", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [SeatInline, RoleInline]

    def save_model(self, request, obj, form, change):
        mark_clerk_fields(obj, form, FEED_MEMBER_FIELDS)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Seat:
            for inline in formset.forms:
                if inline.has_changed() and inline not in formset.deleted_forms:
                    mark_clerk_fields(inline.instance, inline, FEED_SEAT_FIELDS)
        super().save_formset(request, form, formset, change)

    def get_queryset(self, request):
        today = Seat.objects.on(timezone.localdate()).select_related("party")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("seats", queryset=today, to_attr="seats_today"))
        )

    @admin.display(description=_("Party today"))
    def current_party(self, member):
        return member.seats_today[-1].party.name if member.seats_today else "–"


@admin.register(Seat)
class SeatAdmin(RecordAdmin):
    list_display = ["member", "party", "constituency", "region", "term", "start_date", "end_date"]
    list_filter = ["term", "party"]
    list_select_related = ["member", "party", "constituency", "region", "term"]
    search_fields = ["member__name_en", "member__name_cy"]

    def save_model(self, request, obj, form, change):
        mark_clerk_fields(obj, form, FEED_SEAT_FIELDS)
        super().save_model(request, obj, form, change)


@admin.register(Role)
class RoleAdmin(RecordAdmin):
    list_display = ["member", "title_en", "title_cy", "start_date", "end_date"]
    list_select_related = ["member"]
    search_fields = ["member__name_en", "title_en", "title_cy"]


class PetitionChoiceMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "petition":
            kwargs["queryset"] = referred_petitions()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CommitteeConsideration)
class CommitteeConsiderationAdmin(PetitionChoiceMixin, RecordAdmin):
    list_display = ["meeting_date", "petition", "decision"]
    list_filter = ["decision"]
    list_select_related = ["petition"]
    search_fields = ["petition__action_en", "petition__action_cy", "text_en"]
    date_hierarchy = "meeting_date"


@admin.register(GovernmentResponse)
class GovernmentResponseAdmin(PetitionChoiceMixin, RecordAdmin):
    list_display = ["responded_on", "petition", "member", "summary_en"]
    list_select_related = ["petition", "member"]
    search_fields = ["petition__action_en", "petition__action_cy", "summary_en"]
    date_hierarchy = "responded_on"

    def has_add_permission(self, request):
        """A new response is entered on the petition's record page, which performs the
        lifecycle verb and emails the signers; here it can only be corrected."""
        return False


@admin.register(PetitionOutcome)
class PetitionOutcomeAdmin(RecordAdmin):
    """A completion note or not-debated reason, to correct its wording only: it is recorded by
    the lifecycle verb on the petition's record page."""

    list_display = ["recorded_at", "petition", "kind"]
    list_filter = ["kind"]
    list_select_related = ["petition"]
    fields = ["petition", "kind", "text_en", "text_cy", "recorded_at"]
    readonly_fields = ["petition", "kind", "recorded_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MotionInline(ForClerks, admin.StackedInline):
    model = Motion
    extra = 0
    fields = ["reference", "mover", "binding", "text_en", "text_cy"]
    show_change_link = True


@admin.register(Debate)
class DebateAdmin(RecordAdmin):
    list_display = ["date", "title_en", "kind", "opened_by", "petition_count"]
    list_filter = ["kind"]
    list_select_related = ["opened_by"]
    search_fields = ["title_en", "title_cy", "motions__reference"]
    date_hierarchy = "date"
    filter_horizontal = ["petitions"]
    inlines = [MotionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(petitions_linked=Count("petitions"))

    @admin.display(description=_("Petitions"), ordering="petitions_linked")
    def petition_count(self, debate):
        return debate.petitions_linked

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "petitions":
            kwargs["queryset"] = referred_petitions()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        """Once the petitions are linked, move them on: a future debate is scheduled, a past
        one has been debated."""
        super().save_related(request, form, formsets, change)
        debate = form.instance
        held = debate.date <= timezone.localdate()
        try:
            service = services.record_debate_outcome if held else services.schedule_debate
            moved = move_debate_petitions(service, debate, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.WARNING)
            return
        if moved:
            message = (
                ngettext(
                    "%(count)s petition is now marked as debated.",
                    "%(count)s petitions are now marked as debated.",
                    len(moved),
                )
                if held
                else ngettext(
                    "%(count)s petition is now marked as debate scheduled.",
                    "%(count)s petitions are now marked as debate scheduled.",
                    len(moved),
                )
            )
            self.message_user(request, message % {"count": len(moved)}, messages.SUCCESS)


class AmendmentInline(ForClerks, admin.TabularInline):
    model = Amendment
    form = AmendmentAdminForm
    extra = 0
    fields = ["number", "mover", "text_en", "text_cy", "status"]


class VoteInline(ReadOnlyInline):
    model = Vote
    fields = ["position", "question", "amendment", "result", "for_count", "abstain_count",
              "against_count", "members_recorded"]  # fmt: skip
    readonly_fields = fields
    ordering = ["position"]


@admin.register(Motion)
class MotionAdmin(RecordAdmin):
    list_display = ["reference", "debate", "mover", "binding"]
    list_select_related = ["debate", "mover"]
    search_fields = ["reference", "text_en", "text_cy", "debate__title_en"]
    filter_horizontal = ["cosignatories"]
    inlines = [AmendmentInline, VoteInline]
    readonly_fields = ["division_link"]

    @admin.display(description=_("Divisions"))
    def division_link(self, motion):
        if not motion.pk:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("record:new_division", args=[motion.pk]),
            _("Enter a division member by member"),
        )


@admin.register(Amendment)
class AmendmentAdmin(RecordAdmin):
    form = AmendmentAdminForm
    list_display = ["motion", "number", "mover", "status"]
    list_filter = ["status"]
    list_select_related = ["motion", "mover"]
    search_fields = ["motion__reference", "text_en", "text_cy"]
    fields = ["motion", "number", "mover", "text_en", "text_cy", "status"]


class MemberVoteInline(ReadOnlyInline):
    model = MemberVote
    fields = ["member", "party", "option"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Vote)
class VoteAdmin(RecordAdmin):
    form = VoteAdminForm
    list_display = ["motion", "position", "question", "amendment", "result", "for_count",
                    "abstain_count", "against_count", "members_recorded"]  # fmt: skip
    list_filter = ["result", "question", "members_recorded"]
    list_select_related = ["motion", "amendment"]
    search_fields = ["motion__reference"]
    inlines = [MemberVoteInline]
    readonly_fields = ["result", "members_recorded", "division_link"]
    fieldsets = [
        (None, {"fields": ["motion", "position", "question", "amendment", "time"]}),
        (
            _("Decision"),
            {
                "fields": [
                    "decided",
                    ("for_count", "abstain_count", "against_count"),
                    ("casting_vote", "casting_member"),
                    "result",
                ]
            },
        ),
        (_("Members"), {"fields": ["members_recorded", "division_link"]}),
    ]

    @admin.display(description=_("Member by member"))
    def division_link(self, vote):
        if not vote.pk or not vote.is_division:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("record:edit_division", args=[vote.pk]),
            _("Enter or correct each member's vote"),
        )

    def save_model(self, request, obj, form, change):
        """Through the service, which checks again under a lock before writing."""
        try:
            if obj.result == Vote.Result.WITHOUT_OBJECTION:
                services.record_without_objection(obj)
            else:
                obj.result = ""
                services.record_division(obj, form.recorded_member_votes())
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)

    def delete_model(self, request, obj):
        try:
            with self.audited_deletion(request, obj):
                services.delete_vote(obj)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)

    def delete_queryset(self, request, queryset):
        # Last first, so the motion as amended goes before the amendment it depends on.
        for vote in queryset.order_by("motion", "-position"):
            self.delete_model(request, vote)


@admin.register(MemberVote)
class MemberVoteAdmin(RecordAdmin):
    """Read-only: member votes are entered on the division page, which checks them together."""

    list_display = ["vote", "member", "party", "option"]
    list_filter = ["option", "party"]
    list_select_related = ["vote__motion", "member", "party"]
    search_fields = ["member__name_en", "vote__motion__reference"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
