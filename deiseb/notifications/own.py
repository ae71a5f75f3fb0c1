"""A signer's own signatures: a link by email to every petition their address signed, where they
can stop all emails and withdraw a signature while its petition is open.

The page that asks for the link only queues the request (`request_link`); the worker decides
what to send (`send_link`). So the page does the same work, and says the same thing, whether or
not the address ever signed anything: it cannot be used to find out who signed what.

A signature the signing rates stored as fraudulent is shown as the signer would expect it to
be (waiting for confirmation, or confirmed once they used the link: `awaits_confirmation`), so
this page cannot tell a shadow-banned signer that they were.
"""

import enum
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from deiseb.lib.emails import canonical_email
from deiseb.notifications import emails
from deiseb.notifications.tokens import signatures_token
from deiseb.ratelimits import services as ratelimits
from deiseb.signatures.counting import invalidate_signatures
from deiseb.signatures.models import Signature
from deiseb.signatures.services import awaits_confirmation


def request_link(email: str, language: str) -> None:
    """Queue one request for the worker: the same single write whoever asks."""
    from deiseb.notifications.tasks import send_signatures_link

    send_signatures_link.enqueue(email, language)


def signatures_of(canonical: str):
    """Every signature from this inbox that has not been struck out, newest first."""
    return (
        Signature.objects.filter(canonical_email=canonical)
        .exclude(state=Signature.State.INVALIDATED)
        .select_related("petition")
        .order_by("-created_at", "-pk")
    )


def send_link(email: str, language: str) -> str:
    """Email the address its link, or a note that it signed nothing; returns what was done,
    never the address. One inbox gets a few of these in a window, however often it is asked."""
    canonical = canonical_email(email)
    if not ratelimits.allow(
        "signatures-link",
        canonical,
        settings.RATE_LIMIT_SIGNATURE_LINKS_PER_INBOX,
        settings.RATE_LIMIT_WINDOW,
    ):
        return "limited"
    signatures = list(signatures_of(canonical))
    if not signatures:
        emails.no_signatures(email.strip(), language)
        return "none"
    names = list(dict.fromkeys(signature.name for signature in reversed(signatures)))
    emails.signatures_link(email.strip(), language, names, signatures_token(signatures[0]))
    return "sent"


@dataclass(frozen=True)
class Row:
    """One signature as its signer sees it."""

    signature: Signature
    confirmed: bool
    withdrawable: bool

    @property
    def petition(self):
        return self.signature.petition

    @property
    def is_creator(self) -> bool:
        return self.signature.kind == Signature.Kind.CREATOR


def rows(anchor: Signature) -> list[Row]:
    return [
        Row(
            signature=signature,
            confirmed=not awaits_confirmation(signature),
            withdrawable=withdrawable(signature),
        )
        for signature in signatures_of(anchor.canonical_email)
    ]


def withdrawable(signature: Signature) -> bool:
    """A creator's signature is the petition itself; a closed petition's count is final."""
    return signature.kind != Signature.Kind.CREATOR and signature.petition.is_open


def stop_all_emails(anchor: Signature) -> int:
    """No more updates about any petition to this inbox, as one-click unsubscribe does for one
    petition; returns how many signatures changed."""
    return Signature.objects.filter(
        canonical_email=anchor.canonical_email, notify_by_email=True
    ).update(notify_by_email=False)


def own_signature(anchor: Signature, signature_id: int) -> Signature | None:
    """One of this inbox's signatures, or None: a link lists and withdraws its own only."""
    return (
        Signature.objects.select_related("petition")
        .filter(pk=signature_id, canonical_email=anchor.canonical_email)
        .first()
    )


class Withdrawal(enum.Enum):
    WITHDRAWN = "withdrawn"
    ALREADY = "already"  # struck out before: pressing twice is harmless
    CREATOR = "creator"
    CLOSED = "closed"


@transaction.atomic
def withdraw(signature: Signature) -> Withdrawal:
    """Strike out one of the signer's own signatures, taking it off every count at once."""
    if signature.state == Signature.State.INVALIDATED:
        return Withdrawal.ALREADY
    if signature.kind == Signature.Kind.CREATOR:
        return Withdrawal.CREATOR
    if not signature.petition.is_open:
        return Withdrawal.CLOSED
    if invalidate_signatures([signature.pk]) == 0:
        return Withdrawal.ALREADY  # struck out by another request a moment ago
    return Withdrawal.WITHDRAWN
