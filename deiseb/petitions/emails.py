"""Emails about a petition's progress, one function each, to its creator and supporters."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from deiseb.core.emails import absolute_url, queue_email
from deiseb.petitions.models import Petition


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return absolute_url(reverse(name, kwargs=kwargs))


def _creator_and_supporters(petition):
    return petition.signatures.filter(kind__in=["creator", "sponsor"], state="validated")


def _send(kind: str, petition, recipients, **extra) -> None:
    for signature in recipients:
        queue_email(
            f"petitions/emails/{kind}",
            to=signature.email,
            language=signature.language,
            context={
                "petition": petition,
                "name": signature.name,
                "petition_url": _url("petitions:detail", signature.language, pk=petition.pk),
                "sponsor_url": _url(
                    "signatures:support",
                    signature.language,
                    pk=petition.pk,
                    token=petition.sponsor_token,
                ),
                **extra,
            },
        )


def gather_supporters(petition) -> None:
    _send("gather_supporters", petition, petition.signatures.filter(kind="creator"))


def awaiting_moderation(petition) -> None:
    """Tell the creator it is in the queue; past MODERATION_QUEUE_LONG, that it may take longer.

    The count includes this petition: it is sent in the transaction that queues it.
    """
    queue_is_long = Petition.objects.in_moderation().count() > settings.MODERATION_QUEUE_LONG
    _send(
        "awaiting_moderation",
        petition,
        petition.signatures.filter(kind="creator"),
        queue_is_long=queue_is_long,
    )


def published(petition) -> None:
    _send("published", petition, _creator_and_supporters(petition))


def rejected(petition) -> None:
    _send("rejected", petition, _creator_and_supporters(petition))


def referred(petition) -> None:
    _send("referred", petition, _creator_and_supporters(petition))
