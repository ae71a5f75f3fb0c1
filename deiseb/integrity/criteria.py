"""Which signatures a set of criteria matches: one function, for invalidations and search alike.

Every criterion narrows the match (they are ANDed); at least one must be given, so no one
invalidates a whole site by leaving a form empty. Values are read here, in one canonical form,
so a value the form accepted always means the same rows: an email by its canonical form, a
postcode without spaces, a domain lower-cased, an address range as a network.
"""

import ipaddress
import re

from django.db import connections
from django.db.models import BooleanField, F, Func, GenericIPAddressField, Value
from django.db.models.functions import Cast, Length
from django.utils.translation import gettext as _

from deiseb.lib import postcodes
from deiseb.lib.emails import canonical_email
from deiseb.ratelimits import rules
from deiseb.signatures.models import Signature

CRITERIA = (
    "petition",
    "name",
    "email",
    "email_domain",
    "ip_address",
    "postcode",
    "postcode_sector",
    "constituency",
    "country",
    "signed_after",
    "signed_before",
)

# A hostname label: letters, digits and inner hyphens (IDNs arrive as punycode).
# A postcode sector: the outward code and the inward code's digit ("CF10 1").
_SECTOR = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?[0-9]\Z")


class BadCriteria(ValueError):
    """The criteria are empty or one cannot be read; the message says which, for the page."""


def parse_domain(value: str) -> tuple[str, bool]:
    """`@example.com` or `example.com` as ("example.com", False); `*.example.com` as
    ("example.com", True), meaning every subdomain of it but not the domain itself.

    Read as the allow and block lists read a domain (`ratelimits.rules.normalise_domain`)."""
    try:
        domain = rules.normalise_domain(value)
    except ValueError:
        message = _("Enter an email domain such as example.com or *.example.com.")
        raise BadCriteria(message) from None
    return domain.removeprefix("*."), domain.startswith("*.")


def parse_network(value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """One address (a network of one) or a CIDR range; host bits set are refused."""
    try:
        return ipaddress.ip_network(value.strip(), strict=True)
    except ValueError:
        raise BadCriteria(
            _("Enter an IP address or a range such as 203.0.113.0/24 or 2001:db8::/32.")
        ) from None


def parse_sector(value: str) -> str:
    sector = postcodes.normalise(value)
    if not _SECTOR.match(sector):
        raise BadCriteria(_("Enter a postcode sector such as CF10 1."))
    return sector


def parse_postcode(value: str) -> str:
    if not postcodes.is_valid(value):
        raise BadCriteria(_("Enter a full postcode such as CF10 1AA."))
    return postcodes.normalise(value)


def parse_email(value: str) -> str:
    local, at, domain = value.strip().rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in value.strip()):
        raise BadCriteria(_("Enter an email address."))
    return canonical_email(value)


def matching_signatures(
    *,
    petition=None,
    name: str = "",
    email: str = "",
    email_domain: str = "",
    ip_address: str = "",
    postcode: str = "",
    postcode_sector: str = "",
    constituency=None,
    country=None,
    signed_after=None,
    signed_before=None,
):
    """Every signature, in any state, that matches all the criteria given.

    `petition`, `constituency` and `country` are instances or keys; `signed_after` includes its
    moment and `signed_before` excludes it, so two windows that meet never share a signature.
    Raises BadCriteria if none is given or one cannot be read.
    """
    given = [value for value in locals().values() if value is not None]
    if not any(value.strip() if isinstance(value, str) else True for value in given):
        raise BadCriteria(_("Give at least one criterion."))
    signatures = Signature.objects.all()
    if petition is not None:
        signatures = signatures.filter(petition=petition)
    if name.strip():
        signatures = signatures.filter(name__icontains=name.strip())
    if email:
        signatures = signatures.filter(canonical_email=parse_email(email))
    if email_domain:
        domain, glob = parse_domain(email_domain)
        if glob:
            signatures = signatures.filter(email_domain__endswith=f".{domain}")
        else:
            signatures = signatures.filter(email_domain=domain)
    if postcode:
        signatures = signatures.filter(postcode=parse_postcode(postcode))
    if postcode_sector:
        sector = parse_sector(postcode_sector)
        # "CF1 0" is "CF10" too: a whole postcode is its sector and two more letters.
        signatures = signatures.alias(postcode_length=Length("postcode")).filter(
            postcode__startswith=sector, postcode_length=len(sector) + 2
        )
    if constituency is not None:
        signatures = signatures.filter(constituency=constituency)
    if country is not None:
        signatures = signatures.filter(country=country)
    if signed_after is not None:
        signatures = signatures.filter(created_at__gte=signed_after)
    if signed_before is not None:
        signatures = signatures.filter(created_at__lt=signed_before)
    if ip_address:
        signatures = _in_network(signatures, parse_network(ip_address))
    return signatures


def describe(criteria: dict) -> str:
    """The criteria given, for the audit log (which masks personal values in it itself)."""
    return "; ".join(
        f"{name}: {getattr(value, 'pk', value)}"
        for name, value in criteria.items()
        if value is not None and str(value).strip()
    )


class _ContainedIn(Func):
    """PostgreSQL's `inet <<= inet`: the address is in (or is) the network; it uses the index."""

    arg_joiner = " <<= "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _in_network(signatures, network):
    """Signatures from an address in `network`, exactly, on PostgreSQL and SQLite alike.

    One address is an equality on both (the field stores its compressed form). A range is one
    `<<=` on PostgreSQL, whose column is `inet`. SQLite stores text, so a range is narrowed by
    the prefix its whole octets share (IPv4) or by family (IPv6; compressed text has no safe
    prefix), then checked address by address: exact, if slower, for the development database.
    """
    if network.num_addresses == 1:
        return signatures.filter(ip_address=str(network.network_address))
    if connections[signatures.db].vendor == "postgresql":
        inet = Cast(Value(str(network)), output_field=GenericIPAddressField())
        return signatures.filter(_ContainedIn(F("ip_address"), inet))
    candidates = signatures.exclude(ip_address=None)
    if network.version == 4:
        whole = network.prefixlen // 8
        prefix = ".".join(str(network.network_address).split(".")[:whole])
        if prefix:
            candidates = candidates.filter(ip_address__startswith=f"{prefix}.")
        else:
            candidates = candidates.exclude(ip_address__contains=":")
    else:
        candidates = candidates.filter(ip_address__contains=":")
    inside = [
        pk
        for pk, address in candidates.values_list("pk", "ip_address").iterator()
        if ipaddress.ip_address(address) in network
    ]
    return signatures.filter(pk__in=inside)
