"""A confirmation link is used in one statement when it can be, and the full check says the same.

`confirm_open_link` is the crowd's case on the viral day (a signer's unused link on an open
petition) as one conditional UPDATE; everything else goes through `check_confirmable` and
`confirm_signature`. The two encode the same rules, so every kind of link on every kind of
petition is tried both ways here, each in a savepoint rolled back after.
"""

import datetime
import itertools

import pytest
from django.db import transaction
from django.utils import timezone

from deiseb.signatures import services
from deiseb.signatures.models import Signature
from tests.factories import (
    ClosedPetitionFactory,
    OpenPetitionFactory,
    SignatureFactory,
    SponsoredPetitionFactory,
    ValidatedPetitionFactory,
)

pytestmark = pytest.mark.django_db

State, Kind = Signature.State, Signature.Kind
IP = "203.0.113.9"


class _RolledBack(Exception):
    pass


def attempt(use) -> tuple:
    """What using the link does, undone after: ("confirmed", state, ip) or ("refused", why),
    or None where the one-statement path leaves the link to the full check."""
    try:
        with transaction.atomic():
            signature = use()
            if signature is None:
                outcome = None
            else:
                row = Signature.objects.get(pk=signature.pk)
                assert row.validated_at is not None and signature.state == row.state
                outcome = ("confirmed", row.state, row.validated_ip)
            raise _RolledBack(outcome)
    except _RolledBack as undone:
        return undone.args[0]
    except services.ConfirmError as error:
        return ("refused", error.code)


def petitions() -> dict:
    now = timezone.now()
    return {
        "open": OpenPetitionFactory(),
        "closed an hour ago": ClosedPetitionFactory(
            closes_at=now - datetime.timedelta(hours=1), closed_at=now - datetime.timedelta(hours=1)
        ),
        "closed two days ago": ClosedPetitionFactory(),
        "gathering supporters": ValidatedPetitionFactory(),
        "in moderation": SponsoredPetitionFactory(),
    }


LINKS = {
    "unused": {"state": State.PENDING},
    "fraudulent, unused": {"state": State.FRAUDULENT},
    "fraudulent, used": {"state": State.FRAUDULENT, "validated_at": timezone.now},
    "used": {"state": State.VALIDATED, "validated_at": timezone.now},
    "invalidated": {"state": State.INVALIDATED, "invalidated_at": timezone.now},
}
AGES = {"fresh": datetime.timedelta(hours=1), "expired": datetime.timedelta(days=31)}


def test_the_one_statement_path_and_the_full_check_agree_on_every_link(settings):
    settings.SIGNATURE_TOKEN_DAYS = 30
    fast_ones, tried = [], 0
    for (where, petition), kind, (link, fields), (age, old) in itertools.product(
        petitions().items(), Kind, LINKS.items(), AGES.items()
    ):
        values = {name: value() if callable(value) else value for name, value in fields.items()}
        signature = SignatureFactory(
            petition=petition, kind=kind, created_at=timezone.now() - old, **values
        )
        fast = attempt(lambda s=signature: services.confirm_open_link(s.token, ip_address=IP))
        full = attempt(
            lambda s=signature: services.confirm_signature(
                services.find_signature(s.token), ip_address=IP
            )
        )
        case = f"{kind} link, {link}, {age}, petition {where}"
        if kind == Kind.SIGNER and petition.is_open and full[0] == "confirmed":
            assert fast == full, case
            fast_ones.append(case)
        else:
            assert fast is None, case
        assert attempt(lambda s=signature: services.confirm_link(s.token, ip_address=IP)) == (
            full
        ), case
        tried += 1
    assert tried == 5 * 3 * 5 * 2
    assert fast_ones == [
        "signer link, unused, fresh, petition open",
        "signer link, fraudulent, unused, fresh, petition open",
    ]


def test_a_fraudulent_link_stays_fraudulent_and_is_used_up(client):
    signature = SignatureFactory(petition=OpenPetitionFactory(), state=State.FRAUDULENT)
    first = client.post(f"/en/signatures/{signature.token}/confirm/")
    again = client.post(f"/en/signatures/{signature.token}/confirm/")
    signature.refresh_from_db()
    assert first.status_code == 302 and "/thank-you/" in first["Location"]
    assert signature.state == State.FRAUDULENT and signature.validated_at is not None
    assert again.status_code == 200  # "already confirmed", as for anyone else
