"""What staff may do to a selection of signatures from the search: each one audited with how many.

Validating is a moderator's judgement that a signature is real (a shadow-banned signer who
wrote in, say), not the signer's link: so it is not `confirm_signature`, which spends the
link and moves a petition on its creator's and supporters' confirmations. It confirms only
signers' signatures (a creator's or a supporter's belongs to the petition's own journey), and
only on petitions that still accept confirmations; they count at the counter's next run.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import ngettext

from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.petitions import lifecycle
from deiseb.petitions.models import Petition
from deiseb.signatures.counting import invalidate_signatures
from deiseb.signatures.models import Signature

VALIDATABLE = (Signature.State.PENDING, Signature.State.FRAUDULENT)


def _about(count: int) -> audit.ObjectRef:
    return audit.ObjectRef("signatures.signature", "selection", f"{count} selected")


def invalidate_selected(signatures, *, by, notes: str = "") -> int:
    """Strike out the selection, a batch at a time, each off every count as it goes."""
    ids = list(signatures.exclude(state=Signature.State.INVALIDATED).values_list("pk", flat=True))
    by_petition = dict(
        Signature.objects.filter(pk__in=ids)
        .order_by()
        .values_list("petition")
        .annotate(n=Count("pk"))
    )
    with transaction.atomic():
        struck = 0
        size = settings.INVALIDATION_BATCH_SIZE
        for start in range(0, len(ids), size):
            struck += invalidate_signatures(ids[start : start + size])
        for petition in Petition.objects.filter(pk__in=by_petition).order_by("pk"):
            n = by_petition[petition.pk]
            lifecycle.perform(
                "invalidate_signatures",
                petition,
                by=by,
                notes=ngettext(
                    "%(count)d signature invalidated from the signature search.",
                    "%(count)d signatures invalidated from the signature search.",
                    n,
                )
                % {"count": n},
            )
        audit.record(
            by,
            AuditEntry.Action.BULK_INVALIDATE,
            _about(len(ids)),
            changes={"invalidated": [None, struck]},
            notes=notes,
        )
    return struck


@transaction.atomic
def validate_selected(signatures, *, by, notes: str = "") -> int:
    """Confirm selected signers' pending and fraudulent signatures where the petition still
    accepts them; returns how many. The rest are left as they are."""
    candidates = signatures.filter(state__in=VALIDATABLE, kind=Signature.Kind.SIGNER)
    petition_ids = set(candidates.order_by().values_list("petition", flat=True).distinct())
    accepting = [
        petition.pk
        for petition in Petition.objects.filter(pk__in=petition_ids)
        if petition.is_open or petition.accepts_late_confirmations
    ]
    validated = Signature.objects.filter(
        pk__in=list(candidates.filter(petition__in=accepting).values_list("pk", flat=True)),
        state__in=VALIDATABLE,
    ).update(state=Signature.State.VALIDATED, validated_at=timezone.now())
    audit.record(
        by,
        AuditEntry.Action.BULK_VALIDATE,
        _about(validated),
        changes={"validated": [None, validated]},
        notes=notes,
    )
    return validated


@transaction.atomic
def unsubscribe_selected(signatures, *, by, notes: str = "") -> int:
    """No more emails about these petitions to the selected signers; returns how many."""
    ids = list(signatures.filter(notify_by_email=True).values_list("pk", flat=True))
    unsubscribed = Signature.objects.filter(pk__in=ids).update(notify_by_email=False)
    audit.record(
        by,
        AuditEntry.Action.BULK_UNSUBSCRIBE,
        _about(unsubscribed),
        changes={"unsubscribed": [None, unsubscribed]},
        notes=notes,
    )
    return unsubscribed


ACTIONS = {
    "invalidate": invalidate_selected,
    "validate": validate_selected,
    "unsubscribe": unsubscribe_selected,
}
