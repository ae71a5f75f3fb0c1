"""What moderators do to a petition, one verb each (see petitions.services.transition)."""

from django.db import transaction
from django.utils import timezone

from deiseb.moderation.models import ModerationAction, Rejection, RejectionReason
from deiseb.petitions import emails
from deiseb.petitions.models import Petition
from deiseb.petitions.services import InvalidTransition, closing_time, transition

State = Petition.State
Action = ModerationAction.Action
TEXT_FIELDS = [
    f"{field}_{lang}"
    for field in ("action", "background", "additional_details")
    for lang in ("en", "cy")
]


class MissingTranslation(InvalidTransition):
    """Publishing needs the text in both languages."""


@transaction.atomic
def update_petition_text(petition: Petition, *, by, **texts) -> None:
    """Staff supply or correct the text (usually the other language's) before publishing."""
    changes = {f: texts[f] for f in TEXT_FIELDS if f in texts and texts[f] != getattr(petition, f)}
    if not changes:
        return
    Petition.objects.filter(pk=petition.pk).update(updated_at=timezone.now(), **changes)
    for field, value in changes.items():
        setattr(petition, field, value)
    ModerationAction.record(petition, Action.TRANSLATE, by=by, notes=", ".join(sorted(changes)))


@transaction.atomic
def publish_petition(petition: Petition, *, by) -> None:
    """Open the petition for signatures and fix its closing date."""
    if not petition.has_both_languages:
        raise MissingTranslation(f"petition {petition.pk} needs its text in both languages")
    now = timezone.now()
    transition(
        petition,
        to=State.OPEN,
        allowed_from=Petition.MODERATION_STATES,
        action=Action.PUBLISH,
        by=by,
        opened_at=now,
        closes_at=closing_time(now, petition.duration_days),
    )
    emails.published(petition)


@transaction.atomic
def reject_petition(
    petition: Petition, reason: RejectionReason, *, by, details_en: str = "", details_cy: str = ""
) -> None:
    """Reject with a reason; a hidden reason (libellous, offensive…) hides the petition too."""
    target = State.HIDDEN if reason.hidden else State.REJECTED
    allowed = {*Petition.MODERATION_STATES, State.OPEN, State.CLOSED, State.REJECTED}
    allowed.discard(target)
    transition(
        petition,
        to=target,
        allowed_from=allowed,
        action=Action.REJECT,
        by=by,
        notes=reason.code,
        rejected_at=timezone.now(),
    )
    Rejection.objects.update_or_create(
        petition=petition,
        defaults={
            "reason": reason,
            "details_en": details_en,
            "details_cy": details_cy,
            "created_at": timezone.now(),
        },
    )
    emails.rejected(petition)


def flag_petition(petition: Petition, *, by, notes: str = "") -> None:
    transition(
        petition,
        to=State.FLAGGED,
        allowed_from=[State.SPONSORED],
        action=Action.FLAG,
        by=by,
        notes=notes,
    )


def unflag_petition(petition: Petition, *, by, notes: str = "") -> None:
    transition(
        petition,
        to=State.SPONSORED,
        allowed_from=[State.FLAGGED],
        action=Action.UNFLAG,
        by=by,
        notes=notes,
    )


@transaction.atomic
def restore_petition(petition: Petition, *, by, notes: str = "") -> None:
    """Undo a rejection: back to where it would be now had it not been rejected."""
    if petition.opened_at is None:
        target = State.SPONSORED
    elif petition.closes_at and petition.closes_at > timezone.now():
        target = State.OPEN
    else:
        target = State.CLOSED
    transition(
        petition,
        to=target,
        allowed_from=Petition.REJECTED_STATES,
        action=Action.RESTORE,
        by=by,
        notes=notes,
        rejected_at=None,
        closed_at=petition.closed_at or (petition.closes_at if target == State.CLOSED else None),
    )
    Rejection.objects.filter(petition=petition).delete()
