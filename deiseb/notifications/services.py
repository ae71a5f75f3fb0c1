"""Telling signers what happened to their petition: start an update, send it in batches, stop.

Sending is idempotent and resumable. A batch locks its update row, takes the next signatures
after the cursor that asked for updates and whose inbox has no ledger row yet, and writes the
ledger rows, the email rows and the new cursor in one transaction; its emails are rendered once
per language (and constituency) and go out in delivery tasks of one SMTP connection each. Two
workers on one update take turns; a worker killed mid-batch leaves nothing of that batch;
running it all again sends nobody a second email. Each signature is looked at once, when the
cursor passes it: a signer who confirms after that (or after the update is sent) gets the next
update, not this one.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from deiseb.core.emails import queue_emails
from deiseb.core.models import OutboundEmail
from deiseb.geography.models import Constituency
from deiseb.geography.services import constituency_for
from deiseb.notifications import emails
from deiseb.notifications.models import PetitionUpdate, SignerMessage, UpdateDelivery
from deiseb.parliament.models import Debate, GovernmentResponse, Vote
from deiseb.petitions.models import Petition
from deiseb.signatures.models import Signature

# An update that has made no progress for this long lost its worker; the sweep restarts it.
STALE_UPDATE = datetime.timedelta(minutes=5)


class UpdateRefused(Exception):
    """Why an update cannot be sent now, in words for the clerk."""


def wanting_updates(petition_id: int):
    """Confirmed signatures (creator, supporters, signers) whose signer asked for updates."""
    return Signature.objects.validated().filter(petition_id=petition_id, notify_by_email=True)


def recipient_count(petition_id: int) -> int:
    """How many inboxes an update would reach: one per address, whatever the household."""
    return wanting_updates(petition_id).values("canonical_email").distinct().count()


def check_sendable(debate: Debate, kind: str, today: datetime.date | None = None) -> None:
    """Raise UpdateRefused when the record does not support this update yet."""
    today = today or timezone.localdate()
    if not published_petitions(debate).exists():
        raise UpdateRefused(_("No published petition is linked to this debate."))
    if kind == PetitionUpdate.Kind.DEBATE_SCHEDULED and debate.date < today:
        raise UpdateRefused(_("This debate has already been held: email the outcome instead."))
    if kind == PetitionUpdate.Kind.DEBATE_OUTCOME:
        if debate.date > today:
            raise UpdateRefused(_("This debate has not been held yet."))
        if not Vote.objects.filter(motion__debate=debate).exists():
            raise UpdateRefused(_("Record the votes before emailing the outcome."))


def email_signers(debate: Debate, kind: str, *, by=None) -> list[PetitionUpdate]:
    """Start the update of this kind for each published petition the debate is linked to.

    Pressing the button twice is harmless: each (petition, debate, kind) has one update, and
    an unfinished one is simply nudged again. Sending starts when this transaction commits.
    """
    check_sendable(debate, kind)
    with transaction.atomic():
        updates = [
            PetitionUpdate.objects.get_or_create(
                petition=petition, debate=debate, kind=kind, defaults={"created_by": by}
            )[0]
            for petition in published_petitions(debate)
        ]
        for update in updates:
            _start(update)
    return updates


def _start(update: PetitionUpdate) -> None:
    """Sending starts when the transaction that made the update commits; one already sent is
    left alone, one half-sent is nudged again."""
    if not update.is_sent:
        transaction.on_commit(lambda pk=update.pk: _enqueue_sending(pk))


def check_petition_sendable(petition: Petition) -> None:
    if not petition.is_published:
        raise UpdateRefused(_("Only the signers of a published petition can be emailed."))


@transaction.atomic
def email_response(response: GovernmentResponse, *, by=None) -> PetitionUpdate:
    """Tell everyone who asked for updates what the Welsh Government said; once per response."""
    check_petition_sendable(response.petition)
    update = PetitionUpdate.objects.get_or_create(
        response=response,
        defaults={
            "petition": response.petition,
            "kind": PetitionUpdate.Kind.GOVERNMENT_RESPONSE,
            "created_by": by,
        },
    )[0]
    _start(update)
    return update


@transaction.atomic
def email_message(message: SignerMessage, *, by=None) -> tuple[PetitionUpdate, bool]:
    """Send a clerk's message to the petition's signers; returns the update and whether this
    call started it (False when the same confirmation was pressed again)."""
    check_petition_sendable(message.petition)
    message, created = SignerMessage.objects.get_or_create(
        key=message.key,
        defaults={
            field: getattr(message, field)
            for field in ("petition", "subject_en", "subject_cy", "body_en", "body_cy")
        }
        | {"created_by": by},
    )
    update = PetitionUpdate.objects.get_or_create(
        message=message,
        defaults={
            "petition": message.petition,
            "kind": PetitionUpdate.Kind.OTHER_BUSINESS,
            "created_by": by,
        },
    )[0]
    _start(update)
    return update, created


def _enqueue_sending(update_id: int) -> None:
    from deiseb.notifications.tasks import send_petition_update

    send_petition_update.enqueue(update_id)


@dataclass
class Recipient:
    """One inbox: the first signature that asked, and every name that signed from it."""

    signature: Signature
    names: list[str] = field(default_factory=list)
    constituency: Constituency | None = None

    @property
    def name(self) -> str:
        return " & ".join(self.names)


def _waiting(update: PetitionUpdate):
    """Signatures after the cursor that asked for updates and whose inbox has not had one."""
    delivered = UpdateDelivery.objects.filter(
        update_id=update.pk, canonical_email=OuterRef("canonical_email")
    )
    return (
        wanting_updates(update.petition_id)
        .filter(pk__gt=update.cursor)
        .exclude(Exists(delivered))
        .order_by("pk")
    )


def constituency_on(
    signature: Signature, on: datetime.date, looked_up: dict
) -> Constituency | None:
    """The signer's constituency on a date: the one stored when they signed, if it was then in
    force, or their postcode looked up again against that date's boundaries."""
    stored = signature.constituency
    if stored and stored.in_force_on(on):
        return stored
    if not signature.postcode:
        return None
    if signature.postcode not in looked_up:
        looked_up[signature.postcode] = constituency_for(signature.postcode, on)
    return looked_up[signature.postcode]


def _recipients(update: PetitionUpdate, batch: list[Signature]) -> list[Recipient]:
    by_inbox: dict[str, Recipient] = {}
    for signature in batch:
        by_inbox.setdefault(signature.canonical_email, Recipient(signature))
    names = (
        wanting_updates(update.petition_id)
        .filter(canonical_email__in=by_inbox)
        .order_by("pk")
        .values_list("canonical_email", "name")
    )
    for canonical, name in names:
        by_inbox[canonical].names.append(name)
    if update.debate_id:  # only a debate's emails say how the signer's own members voted
        looked_up: dict = {}
        for recipient in by_inbox.values():
            recipient.constituency = constituency_on(
                recipient.signature, update.debate.date, looked_up
            )
    return list(by_inbox.values())


def send_next_batch(update_id: int, size: int | None = None) -> bool:
    """Queue the next batch of an update's emails; returns True once the update is all sent."""
    size = size or settings.NOTIFICATION_BATCH_SIZE
    with transaction.atomic():
        update = PetitionUpdate.objects.select_for_update().filter(pk=update_id).first()
        if update is None or update.is_sent:
            return True
        batch = list(_waiting(update).select_related("constituency")[:size])
        about, renderer = emails.about(update), emails.Renderer()
        recipients = _recipients(update, batch)
        outgoing = queue_emails(
            [emails.update_email(update, recipient, about, renderer) for recipient in recipients]
        )
        UpdateDelivery.objects.bulk_create(
            UpdateDelivery(
                update=update,
                signature=recipient.signature,
                canonical_email=recipient.signature.canonical_email,
                email=email,
            )
            for recipient, email in zip(recipients, outgoing, strict=True)
        )
        now = timezone.now()
        update.progressed_at = now
        if batch:
            update.cursor = batch[-1].pk
        if len(batch) < size:
            update.state, update.sent_at = PetitionUpdate.State.SENT, now
        else:
            update.state = PetitionUpdate.State.SENDING
        update.save(update_fields=["cursor", "state", "progressed_at", "sent_at"])
    return update.is_sent


def send_update(update_id: int, size: int | None = None) -> int:
    """Send every remaining batch of an update here and now; returns how many batches ran."""
    batches = 1
    while not send_next_batch(update_id, size):
        batches += 1
    return batches


def unsent_updates(stale_before: datetime.datetime | None = None):
    """Updates not yet all sent; with a time, only those that have been quiet since then."""
    unsent = PetitionUpdate.objects.exclude(state=PetitionUpdate.State.SENT)
    if stale_before is not None:
        unsent = unsent.filter(progressed_at__lt=stale_before)
    return unsent.order_by("pk")


@dataclass(frozen=True)
class Progress:
    queued: int
    delivered: int
    remaining: int


def progress(update: PetitionUpdate) -> Progress:
    """Emails queued and delivered so far, and inboxes still to reach (three counts)."""
    deliveries = update.deliveries.all()
    remaining = 0
    if not update.is_sent:
        remaining = _waiting(update).values("canonical_email").distinct().count()
    return Progress(
        queued=deliveries.count(),
        delivered=deliveries.filter(email__status=OutboundEmail.Status.SENT).count(),
        remaining=remaining,
    )


def wants_updates(signature: Signature) -> bool:
    """Whether this signature's inbox still gets updates about its petition."""
    return (
        wanting_updates(signature.petition_id)
        .filter(canonical_email=signature.canonical_email)
        .exists()
    )


def stop_updates(signature: Signature) -> int:
    """No more updates about this petition to this inbox (every signature from it); other
    petitions it signed are not affected. Returns how many signatures changed."""
    return Signature.objects.filter(
        petition_id=signature.petition_id,
        canonical_email=signature.canonical_email,
        notify_by_email=True,
    ).update(notify_by_email=False)


def published_petitions(debate: Debate):
    return debate.petitions.published().order_by("pk")


def petition_updates(petition: Petition) -> list[tuple[PetitionUpdate, Progress]]:
    """Every update sent (or sending) to a petition's signers, newest first, with progress."""
    updates = PetitionUpdate.objects.filter(petition=petition).select_related(
        "debate", "response__member", "message"
    )
    return [(update, progress(update)) for update in updates]
