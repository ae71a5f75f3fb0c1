"""Emails to one signer, in the language they signed in."""

from django.urls import reverse
from django.utils import translation

from deiseb.core.emails import absolute_url, queue_email

CONFIRM_TEMPLATES = {
    "creator": "signatures/emails/confirm_creator",
    "sponsor": "signatures/emails/confirm_supporter",
    "signer": "signatures/emails/confirm_signature",
}


def _context(signature) -> dict:
    with translation.override(signature.language):
        return {
            "petition": signature.petition,
            "name": signature.name,
            "confirm_url": absolute_url(
                reverse("signatures:confirm", kwargs={"token": signature.token})
            ),
            "petition_url": absolute_url(
                reverse("petitions:detail", kwargs={"pk": signature.petition_id})
            ),
        }


def confirm_signature(signature) -> None:
    queue_email(
        CONFIRM_TEMPLATES[signature.kind],
        to=signature.email,
        language=signature.language,
        context=_context(signature),
    )


def already_signed(signature) -> None:
    queue_email(
        "signatures/emails/already_signed",
        to=signature.email,
        language=signature.language,
        context=_context(signature),
    )
