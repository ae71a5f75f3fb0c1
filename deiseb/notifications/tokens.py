"""Unsubscribe links and links to a signer's own signatures: a signed signature id, so the
address never appears in a URL."""

import datetime

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from deiseb.signatures.models import Signature

SALT = "deiseb.notifications.unsubscribe"


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=".")


def unsubscribe_token(signature: Signature) -> str:
    """It never expires: an unsubscribe link in an old email must still work (RFC 8058)."""
    return _signer().sign(str(signature.pk))


def signature_for_token(token: str) -> Signature | None:
    """The signature a link names, or None for a link that was mangled, forged or is stale."""
    try:
        pk = int(_signer().unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return Signature.objects.select_related("petition").filter(pk=pk).first()


# A signer's own signatures: a link that names one signature of the address and a keyed digest
# of the address (never the address, which a signed value would carry in readable base64), and
# that expires. The digest ties it to the address: once that signature is gone, or anonymised,
# the link names nothing.
LINK_SALT = "deiseb.notifications.your-signatures"


class BadLink(Exception):
    """A link that was mangled or forged."""


class ExpiredLink(Exception):
    """A genuine link that has lived too long, or whose address has gone from the records."""


def _timestamp_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=LINK_SALT, sep=".")


def _address_digest(canonical_email: str) -> str:
    return salted_hmac(LINK_SALT, canonical_email).hexdigest()[:20]


def signatures_token(signature: Signature) -> str:
    return _timestamp_signer().sign(f"{signature.pk}-{_address_digest(signature.canonical_email)}")


def signature_for_link(token: str) -> Signature:
    """The signature a link names (any state), whose address it lists; raises BadLink or
    ExpiredLink."""
    max_age = datetime.timedelta(hours=settings.SIGNATURES_LINK_HOURS)
    try:
        value = _timestamp_signer().unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise ExpiredLink from None
    except signing.BadSignature:
        raise BadLink from None
    pk, _, digest = value.partition("-")
    signature = (
        Signature.objects.filter(pk=int(pk)).first() if pk.isascii() and pk.isdigit() else None
    )
    if signature is None or not constant_time_compare(
        digest, _address_digest(signature.canonical_email)
    ):
        raise ExpiredLink
    return signature
