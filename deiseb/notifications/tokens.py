"""Unsubscribe links: a signed signature id, so the address never appears in a URL."""

from django.core import signing

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
