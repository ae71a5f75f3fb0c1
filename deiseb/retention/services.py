"""Personal data kept only as long as needed: unconfirmed signatures deleted, signers anonymised.

Unconfirmed (pending) signatures never counted, so deleting them moves no count. Fraudulent
ones are kept until their petition is anonymised: they are the evidence of an attack on a
petition that is still open or being considered (trending, statistics, invalidations), and
they never count either.

A petition's signers are anonymised SIGNER_RETENTION_MONTHS after it was completed, or after
it was rejected (closed with too few signatures, or rejected or hidden in moderation), unless a
sysadmin holds it. Each signature keeps what the counts are made of (state, constituency,
country, count batch) and loses everything that says who signed, so every count, every map and
reconciliation stay exactly as they were. Each petition is anonymised in one transaction, its
signatures rewritten in batches of UPDATEs; a run that dies rolls that petition back, and the
next run starts it again.
"""

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from deiseb.audit import services as audit
from deiseb.audit.models import REDACTED, AuditEntry
from deiseb.core.models import OutboundEmail
from deiseb.petitions import lifecycle
from deiseb.petitions.models import Petition, PetitionEvent
from deiseb.petitions.signals import signers_anonymised
from deiseb.signatures.models import Signature

BATCH_SIZE = 1000
ANONYMOUS_DOMAIN = "anonymised.invalid"
ANONYMOUS_NAME = "[anonymised]"
SIGNING_TASK = "deiseb.signatures.tasks.record_signature"
# Entries of the staff tools whose notes say what was searched for or matched (a name, say).
STAFF_TOOLS = [
    AuditEntry.Action.SEARCH_SIGNATURES,
    AuditEntry.Action.START_INVALIDATION,
    AuditEntry.Action.CANCEL_INVALIDATION,
    AuditEntry.Action.BULK_INVALIDATE,
    AuditEntry.Action.BULK_VALIDATE,
    AuditEntry.Action.BULK_UNSUBSCRIBE,
]
State = Petition.State


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` earlier (the last day of a shorter month)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def retention_ends(petition: Petition):
    """When its signers' details are due to go: months after completion or rejection."""
    ended = petition.completed_at if petition.state == State.COMPLETED else petition.rejected_at
    if ended is None:
        return None
    return months_before(ended, -settings.SIGNER_RETENTION_MONTHS)


def finished_before(cutoff) -> Q:
    return Q(state=State.COMPLETED, completed_at__lte=cutoff) | Q(
        state__in=Petition.REJECTED_STATES, rejected_at__lte=cutoff
    )


def due_petitions(now=None):
    """Petitions whose signers are due to be anonymised now: not held, not done already."""
    cutoff = months_before(now or timezone.now(), settings.SIGNER_RETENTION_MONTHS)
    return Petition.objects.filter(
        finished_before(cutoff), anonymised_at__isnull=True, legal_hold=False
    ).order_by("pk")


def coming_due(now=None, within_days: int = 30):
    """Not yet anonymised, due now or within `within_days`, held or not: the sysadmin's list."""
    later = (now or timezone.now()) + datetime.timedelta(days=within_days)
    cutoff = months_before(later, settings.SIGNER_RETENTION_MONTHS)
    return Petition.objects.filter(finished_before(cutoff), anonymised_at__isnull=True)


# -- unconfirmed signatures ---------------------------------------------------------------------


def unconfirmed_due(now=None):
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.UNCONFIRMED_RETENTION_DAYS)
    return Signature.objects.filter(state=Signature.State.PENDING, created_at__lt=cutoff)


def delete_unconfirmed(now=None, *, batch_size: int = BATCH_SIZE, progress=None) -> int:
    """Delete signatures never confirmed within UNCONFIRMED_RETENTION_DAYS; returns how many.

    Their confirmation emails and queued signing attempts go with them. No count moves: a
    pending signature was never counted. One audit entry for the run, by the system.
    """
    deleted = 0
    while True:
        with transaction.atomic():
            batch = list(
                unconfirmed_due(now)
                .select_for_update()
                .order_by("pk")
                .values("pk", "petition_id", "email", "token")[:batch_size]
            )
            if not batch:
                break
            _forget_emails({row["email"] for row in batch}, {row["token"] for row in batch})
            _forget_signing_attempts(batch)
            # Still pending: one confirmed since it was read is not deleted.
            count, _ = Signature.objects.filter(
                pk__in=[row["pk"] for row in batch], state=Signature.State.PENDING
            ).delete()
            deleted += count
        if progress:
            progress(len(batch))
        if len(batch) < batch_size:
            break
    if deleted:
        audit.record(
            None,
            AuditEntry.Action.DELETE_UNCONFIRMED,
            audit.ObjectRef("signatures.signature", "*", "Unconfirmed signatures"),
            changes={"deleted": [0, deleted]},
            notes=f"Unconfirmed for more than {settings.UNCONFIRMED_RETENTION_DAYS} days",
        )
    return deleted


# -- anonymising a petition's signers ---------------------------------------------------------


class NotDue(Exception):
    """The petition is held, already anonymised, or not in a state whose signers may go."""


def anonymise_due(now=None, *, batch_size: int = BATCH_SIZE, progress=None) -> int:
    """Anonymise every petition due now, one transaction each; returns how many."""
    done = 0
    # The list is read first: each petition then commits on its own, so a run that stops
    # part-way has finished the ones before, and the next run starts where it stopped.
    for petition in list(due_petitions(now)):
        try:
            anonymise_petition(petition, batch_size=batch_size, progress=progress)
        except NotDue:  # held, or done by another run, since the list was read
            continue
        done += 1
    return done


def anonymise_petition(
    petition: Petition, by=None, *, batch_size: int = BATCH_SIZE, progress=None
) -> int:
    """Replace every personal detail of this petition's signers and creator; returns signers.

    Kept: each signature's state, kind, constituency, country, count batch and times, so the
    counts and reconciliation agree afterwards. Replaced: name, email, canonical email, email
    domain, postcode, IP addresses and token (each address `anon-<pk>@anonymised.invalid`, so
    the unique constraints hold); the creator's email, postcode, address and phone, and the
    real name behind a pseudonym. The copies go too: emails in the outbox, queued signing
    attempts, the audit log's mentions (of the petition, its signatures, and in the staff
    tools' notes), and whatever the apps answering `signers_anonymised` hold.
    """
    with transaction.atomic():
        petition = Petition.objects.select_for_update().get(pk=petition.pk)
        if (
            petition.legal_hold
            or petition.anonymised_at
            or not lifecycle.VERBS["anonymise"].allows(petition)
        ):
            raise NotDue(f"petition {petition.pk} is not due to be anonymised")
        creator = _creator_details(petition)
        markers = _petition_markers(petition)
        _forget_emails({petition.creator_email}, markers)
        secret = secrets.token_hex(8)
        signers, last = 0, 0
        signatures = Signature.objects.filter(petition=petition).order_by("pk")
        while True:
            batch = list(
                signatures.filter(pk__gt=last).values("pk", "name", "email", "token")[:batch_size]
            )
            if not batch:
                break
            last = batch[-1]["pk"]
            _forget_emails(
                {row["email"] for row in batch}, markers | {row["token"] for row in batch}
            )
            people = [value for row in batch for value in (row["name"], row["email"])]
            audit.redact(
                AuditEntry.objects.filter(
                    Q(
                        object_type="signatures.signature",
                        object_id__in=[str(row["pk"]) for row in batch],
                    )
                    | Q(object_type="petitions.petition", object_id=str(petition.pk))
                    | Q(action__in=STAFF_TOOLS)
                ),
                people,
            )
            _redact_history(petition, people)
            signers += _anonymise_signatures(
                signatures.filter(pk__gte=batch[0]["pk"], pk__lte=last), secret
            )
            if progress:
                progress(len(batch))
        DBTaskResult.objects.filter(
            task_path=SIGNING_TASK, args_kwargs__args__0=petition.pk
        ).exclude(status="RUNNING").delete()
        audit.redact(
            AuditEntry.objects.filter(object_type="petitions.petition", object_id=str(petition.pk)),
            creator,
        )
        _redact_history(petition, creator)
        signers_anonymised.send(sender=Petition, petition=petition)
        lifecycle.perform(
            "anonymise",
            petition,
            by=by,
            creator_name=petition.public_creator_name,
            creator_email=f"anon-petition-{petition.pk}@{ANONYMOUS_DOMAIN}",
            creator_postcode="",
            creator_address="",
            creator_phone="",
        )
        audit.record(
            by,
            AuditEntry.Action.ANONYMISE,
            petition,
            changes={"signatures": [signers, signers]},
            notes=f"{settings.SIGNER_RETENTION_MONTHS} months after it was finished",
        )
    return signers


def _anonymise_signatures(rows, secret: str) -> int:
    pk = Cast("pk", CharField())
    address = Concat(Value("anon-"), pk, Value(f"@{ANONYMOUS_DOMAIN}"))
    return rows.update(
        name=Value(ANONYMOUS_NAME),
        email=address,
        canonical_email=address,
        email_domain=Value(ANONYMOUS_DOMAIN),
        postcode=Value(""),
        ip_address=None,
        validated_ip=None,
        # A fresh token: an old confirmation link names nobody now.
        token=Concat(Value(f"anon-{secret}-"), pk),
    )


def _creator_details(petition: Petition) -> list[str]:
    """What identifies the creator beyond what stays public (the name shown, or pseudonym)."""
    details = [
        petition.creator_email,
        petition.creator_postcode,
        petition.creator_address,
        petition.creator_phone,
    ]
    if petition.creator_pseudonym and petition.creator_name != petition.creator_pseudonym:
        details.append(petition.creator_name)
    return [detail for detail in details if detail]


def _petition_markers(petition: Petition) -> set[str]:
    """What an email about this petition contains: its address in each language, its action,
    its supporters' link."""
    markers = {petition.sponsor_token, petition.action_en, petition.action_cy}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            markers.add(reverse("petitions:detail", kwargs={"pk": petition.pk}))
    return {marker for marker in markers if marker}


def _forget_emails(recipients: set[str], markers: set[str]) -> int:
    """Empty the outbox rows to these recipients that mention one of `markers`.

    An address that signed other petitions too keeps the emails about those. A row not yet
    delivered is failed rather than sent to nobody. (OutboundEmail.to has no index: one scan
    of the outbox per batch.)
    """
    recipients = {address for address in recipients if address}
    if not recipients or not markers:
        return 0
    ids = [
        row["pk"]
        for row in OutboundEmail.objects.filter(to__in=recipients).values(
            "pk", "subject", "body_text"
        )
        if any(marker in row["body_text"] or marker in row["subject"] for marker in markers)
    ]
    if not ids:
        return 0
    emails = OutboundEmail.objects.filter(pk__in=ids)
    emails.filter(status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.SENDING]).update(
        status=OutboundEmail.Status.FAILED, last_error="Anonymised before delivery"
    )
    return emails.update(
        to=f"anonymised@{ANONYMOUS_DOMAIN}", body_text="", body_html="", headers={}
    )


def _forget_signing_attempts(rows) -> int:
    """Finished or waiting signing attempts of these signers: the task's arguments hold them."""
    emails = {row["email"] for row in rows}
    petitions = {row["petition_id"] for row in rows}
    attempts = DBTaskResult.objects.filter(
        task_path=SIGNING_TASK,
        args_kwargs__args__0__in=list(petitions),
        args_kwargs__kwargs__email__in=list(emails),
    ).exclude(status="RUNNING")
    deleted, _ = attempts.delete()
    return deleted


def _redact_history(petition: Petition, details: list[str]) -> None:
    """A petition's history is append-only, but no place for its creator's details."""
    pattern = audit.pattern_of(details)
    if pattern is None:
        return
    for event in PetitionEvent.objects.filter(petition=petition).only("pk", "notes", "changes"):
        notes, changes = pattern.sub(REDACTED, event.notes), audit.redacted(event.changes, pattern)
        if (notes, changes) != (event.notes, event.changes):
            PetitionEvent.objects.filter(pk=event.pk).update(notes=notes, changes=changes)
