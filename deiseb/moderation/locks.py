"""Edit locks: one person at a time works on a petition in moderation.

Opening a petition takes its lock, or renews it for its holder; each request they make renews
it again, and acting on the petition releases it. Someone else who opens it meanwhile is told
who is editing and may take over, which the audit log records. Each step is one conditional
statement, so two moderators opening a petition at the same moment cannot both hold it.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.moderation.models import EditLock
from deiseb.petitions.models import Petition


def lock_duration() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.MODERATION_EDIT_LOCK_MINUTES)


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def held_by_other(petition: Petition, user, *, now=None):
    """The person other than `user` whose lock on the petition has not expired, or None."""
    lock = (
        EditLock.objects.select_related("holder")
        .filter(petition=petition, expires_at__gt=now or timezone.now())
        .exclude(holder=user)
        .first()
    )
    return lock.holder if lock else None


def take(petition: Petition, user, *, now=None):
    """Take the lock, or renew it, unless someone else holds it: then return that person."""
    now = now or timezone.now()
    expires_at = now + lock_duration()
    mine_or_lapsed = Q(holder=user) | Q(expires_at__lte=now)
    if EditLock.objects.filter(mine_or_lapsed, petition=petition).update(
        holder=user, expires_at=expires_at
    ):
        return None
    try:
        with transaction.atomic():
            EditLock.objects.create(petition=petition, holder=user, expires_at=expires_at)
    except IntegrityError:  # someone else holds it (or took it a moment ago)
        return held_by_other(petition, user, now=now)
    return None


def release(petition: Petition, user) -> None:
    """Let go after acting; a lock someone else has taken over since is theirs to keep."""
    EditLock.objects.filter(petition=petition, holder=user).delete()


@transaction.atomic
def take_over(petition: Petition, user, *, now=None):
    """Take the lock from whoever holds it; returns them (None if nobody held it).

    Taking over is audited: the other person may be halfway through a decision. The audit log
    has no action of its own for locks, so this is recorded as a change ("edit_lock" before
    and after), the nearest one, with the reason in the notes.
    """
    now = now or timezone.now()
    previous = held_by_other(petition, user, now=now)
    EditLock.objects.update_or_create(
        petition=petition, defaults={"holder": user, "expires_at": now + lock_duration()}
    )
    if previous is not None:
        audit.record(
            user,
            AuditEntry.Action.CHANGE,
            petition,
            changes={"edit_lock": [previous.get_username(), user.get_username()]},
            notes=f"Took over the edit lock from {previous.get_username()}.",
        )
    return previous
