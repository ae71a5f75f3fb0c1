"""Invalidations: a moderator's criteria, checked, started, run in batches, and cancelled.

A run is a chain of tasks, one batch each, so a 77,000-signature invalidation never holds up
the other work on its queue. Each batch is one transaction: it locks the invalidation's row,
stops if the run was cancelled, strikes out the next matches (`invalidate_signatures` takes
them off every count) and adds them to the progress. A worker that dies mid-batch leaves
nothing of it; a task run again, or twice, finds only what is still to do, since struck-out
signatures no longer match. The petition's history is written once, by whichever of "the last
batch found nothing left" and "cancelled" comes first, under the same lock.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.integrity.criteria import CRITERIA, describe, matching_signatures
from deiseb.integrity.models import Invalidation
from deiseb.petitions import lifecycle
from deiseb.petitions.models import Petition
from deiseb.signatures.counting import invalidate_signatures
from deiseb.signatures.models import Signature

# What an invalidation strikes out: everything not already struck out.
STRIKABLE = (Signature.State.PENDING, Signature.State.VALIDATED, Signature.State.FRAUDULENT)
# The model's criteria fields are the criteria's own names, but for the sector (search only).
INVALIDATION_CRITERIA = tuple(name for name in CRITERIA if name != "postcode_sector")


class InvalidationRefused(Exception):
    """The invalidation is not in a state that allows this; the message is for the page."""


def criteria_of(invalidation: Invalidation) -> dict:
    return {name: getattr(invalidation, name) for name in INVALIDATION_CRITERIA}


def matches(invalidation: Invalidation):
    """The signatures this invalidation would still strike out."""
    return matching_signatures(**criteria_of(invalidation)).filter(state__in=STRIKABLE)


@transaction.atomic
def create_invalidation(*, by, **fields) -> Invalidation:
    """A draft, with how many signatures match now: nothing changes until it is started."""
    invalidation = Invalidation(created_by=by, **fields)
    invalidation.matching_count = matches(invalidation).count()
    invalidation.save()
    return invalidation


@transaction.atomic
def start_invalidation(invalidation: Invalidation, *, by) -> Invalidation:
    count = matches(invalidation).count()
    now = timezone.now()
    started = Invalidation.objects.filter(
        pk=invalidation.pk, state=Invalidation.State.DRAFT
    ).update(state=Invalidation.State.RUNNING, started_at=now, matching_count=count)
    if started != 1:
        raise InvalidationRefused(_("This invalidation has already been started or cancelled."))
    invalidation.refresh_from_db()
    audit.record(
        by,
        AuditEntry.Action.START_INVALIDATION,
        invalidation,
        changes={"matching_count": [None, count]},
        notes=describe(criteria_of(invalidation)),
    )
    transaction.on_commit(lambda: _enqueue(invalidation.pk))
    return invalidation


def _enqueue(invalidation_id: int) -> None:
    from deiseb.integrity.tasks import run_invalidation

    run_invalidation.enqueue(invalidation_id)


@transaction.atomic
def cancel_invalidation(invalidation: Invalidation, *, by) -> Invalidation:
    """Stop it after the batch in hand (the lock waits for it); what it did stays done."""
    locked = Invalidation.objects.select_for_update().get(pk=invalidation.pk)
    if locked.state not in (Invalidation.State.DRAFT, Invalidation.State.RUNNING):
        raise InvalidationRefused(_("This invalidation has already finished."))
    before = locked.state
    locked.state, locked.cancelled_at = Invalidation.State.CANCELLED, timezone.now()
    locked.save(update_fields=["state", "cancelled_at"])
    _write_history(locked, cancelled=True)
    audit.record(
        by,
        AuditEntry.Action.CANCEL_INVALIDATION,
        locked,
        changes={"state": [before, locked.state]},
        notes=_("%(count)d invalidated before it was cancelled.")
        % {"count": locked.invalidated_count},
    )
    return locked


def invalidate_next_batch(invalidation_id: int) -> bool:
    """Strike out the next batch of matches; True when the run has nothing more to do."""
    with transaction.atomic():
        invalidation = Invalidation.objects.select_for_update().filter(pk=invalidation_id).first()
        if invalidation is None or invalidation.state != Invalidation.State.RUNNING:
            return True
        batch = list(
            matches(invalidation)
            .order_by("pk")
            .values_list("pk", flat=True)[: settings.INVALIDATION_BATCH_SIZE]
        )
        if not batch:
            _complete(invalidation)
            return True
        # Locked before they are grouped, so the counts by petition are the ones struck out.
        struck = list(
            Signature.objects.select_for_update()
            .filter(pk__in=batch)
            .exclude(state=Signature.State.INVALIDATED)
            .order_by("pk")
            .values_list("pk", "petition_id")
        )
        invalidated = invalidate_signatures([pk for pk, _petition in struck])
        by_petition = dict(invalidation.counts_by_petition)
        for _pk, petition_id in struck:
            by_petition[str(petition_id)] = by_petition.get(str(petition_id), 0) + 1
        invalidation.counts_by_petition = by_petition
        invalidation.invalidated_count += invalidated
        invalidation.save(update_fields=["counts_by_petition", "invalidated_count"])
    return False


def _complete(invalidation: Invalidation) -> None:
    invalidation.state, invalidation.completed_at = Invalidation.State.COMPLETED, timezone.now()
    invalidation.save(update_fields=["state", "completed_at"])
    _write_history(invalidation, cancelled=False)


def _write_history(invalidation: Invalidation, *, cancelled: bool) -> None:
    """One history entry on each petition that lost signatures, saying why and how many."""
    counts = {int(pk): n for pk, n in invalidation.counts_by_petition.items() if n}
    for petition in Petition.objects.filter(pk__in=counts).order_by("pk"):
        n = counts[petition.pk]
        how_many = ngettext(
            "%(count)d signature invalidated", "%(count)d signatures invalidated", n
        ) % {"count": n}
        if cancelled:
            how_many = _("%(done)s before the invalidation was cancelled") % {"done": how_many}
        lifecycle.perform(
            "invalidate_signatures",
            petition,
            by=invalidation.created_by,
            notes=f"{invalidation.summary}: {how_many}.",
        )
