"""Whether a new signature is shadow-banned: the allow and block lists, then the signing rates.

Decided by the worker, in the transaction that stores the signature, and never told to anyone:
a signature over a rate is stored as FRAUDULENT, its signer sees the same page and gets the
same email, and its link shows the same page but confirms nothing (e-petitions' `RateLimit`).
The rates are counted from the signatures table itself (its address indexes), fraudulent ones
included, so someone who keeps going stays over the rate. The rates and lists are read for every
attempt, so a sysadmin's change applies to the next one.

Two attempts from one address at the same instant would each miss the other's uncommitted row
and both pass; on PostgreSQL they take turns on a transaction-level advisory lock keyed by the
address, so the second counts the first. (SQLite lets one writer in at a time anyway.) Only a
flood from one address waits on it, and only for the other attempt's transaction.
"""

import hashlib

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from deiseb.ratelimits import rules
from deiseb.ratelimits.models import AddressRule, SigningRates
from deiseb.signatures.models import Signature


def is_shadow_banned(
    petition, *, kind: str, ip: str | None, domain: str, emails: tuple[str, ...]
) -> bool:
    """True if the signature about to be stored is over a rate or blocked, and not allowed."""
    entries = [
        rules.Entry(*row) for row in AddressRule.objects.values_list("list", "kind", "value")
    ]
    verdict = rules.listed(entries, ip=ip, domain=domain, emails=emails)
    if verdict is not None:
        return verdict == rules.BLOCK
    if ip is None:
        return False
    _take_turns(ip)
    return _over_a_rate(petition, kind, ip, SigningRates.current())


def _take_turns(ip: str) -> None:
    """Hold this address's lock until the transaction that stores the signature ends."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"signing-rates:{ip}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, signed=True)])


def _over_a_rate(petition, kind: str, ip: str, rates: SigningRates) -> bool:
    """More than a rate's signatures in its period, counting the one about to be stored."""
    now = timezone.now()

    def since(seconds: int):
        return now - timezone.timedelta(seconds=seconds)

    by_ip = Signature.objects.filter(ip_address=ip).order_by()
    # Both petition rates in one range scan of the (petition, ip, created_at) index.
    on_petition = by_ip.filter(
        petition=petition, created_at__gt=since(max(rates.burst_seconds, rates.sustained_seconds))
    ).aggregate(
        burst=Count("pk", filter=Q(created_at__gt=since(rates.burst_seconds))),
        sustained=Count("pk", filter=Q(created_at__gt=since(rates.sustained_seconds))),
    )
    if on_petition["burst"] + 1 > rates.burst_rate:
        return True
    if on_petition["sustained"] + 1 > rates.sustained_rate:
        return True
    across = {
        Signature.Kind.CREATOR: rates.creator_rate,
        Signature.Kind.SPONSOR: rates.sponsor_rate,
    }
    if kind not in across:
        return False
    recent = by_ip.filter(kind=kind, created_at__gt=since(rates.across_seconds)).count()
    return recent + 1 > across[kind]
