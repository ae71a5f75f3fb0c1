"""The allow and block lists' matching, and the disposable-domain check: pure functions.

An entry is an IP address or CIDR range, an email domain (`*.example.com` for every subdomain
of it, not the domain itself, as a shell glob reads), or one email address. Values are put in one
canonical form when they are added, so matching is a comparison, not a guess; and a value that
cannot be read (a bad address, a domain with a space) is refused then, with a reason.
"""

import ipaddress
import re
from collections.abc import Iterable
from typing import NamedTuple

from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS

IP, DOMAIN, EMAIL = "ip", "domain", "email"
ALLOW, BLOCK = "allow", "block"

# A hostname label: letters, digits and inner hyphens, 1-63 long (IDNs arrive as punycode).
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z")


class Entry(NamedTuple):
    list: str
    kind: str
    value: str


def parse_ip(value: str | None) -> str | None:
    """The address in its compressed form, or None when there is none or it is not one."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def normalise_network(value: str) -> str:
    """`203.0.113.7`, `203.0.113.0/24` or `2001:db8::/32`; host bits set are refused."""
    network = ipaddress.ip_network(value.strip(), strict=True)  # ValueError if it is not one
    return str(network.network_address) if network.num_addresses == 1 else str(network)


def normalise_domain(value: str) -> str:
    """`example.com` or `*.example.com`, lower-cased, with no leading `@` or trailing dot."""
    domain = value.strip().lower().removeprefix("@").rstrip(".")
    glob = domain.startswith("*.")
    labels = domain.removeprefix("*.").split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise ValueError("not a domain")
    return ("*." if glob else "") + ".".join(labels)


def normalise_email(value: str) -> str:
    local, at, domain = value.strip().lower().rpartition("@")
    if not at or not local or any(c.isspace() for c in local):
        raise ValueError("not an email address")
    return f"{local}@{normalise_domain(domain)}"


NORMALISERS = {IP: normalise_network, DOMAIN: normalise_domain, EMAIL: normalise_email}


def normalise(kind: str, value: str) -> str:
    """The canonical form of one entry's value; ValueError if it is not of that kind."""
    return NORMALISERS[kind](value)


def ip_matches(rule: str, ip: str | None) -> bool:
    """An address matches itself and any range holding it (IPv4 never matches IPv6)."""
    address = parse_ip(ip)
    if address is None:
        return False
    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(rule, strict=False)
    except (ValueError, TypeError):
        return False


def domain_matches(rule: str, domain: str | None) -> bool:
    domain = (domain or "").lower().rstrip(".")
    if not domain:
        return False
    if rule.startswith("*."):
        return domain.endswith(rule[1:])  # ".example.com": never "badexample.com"
    return domain == rule


def email_matches(rule: str, emails: Iterable[str]) -> bool:
    return any(rule == (email or "").strip().lower() for email in emails)


def matches(entry: Entry, *, ip: str | None, domain: str | None, emails: Iterable[str]) -> bool:
    if entry.kind == IP:
        return ip_matches(entry.value, ip)
    if entry.kind == DOMAIN:
        return domain_matches(entry.value, domain)
    return email_matches(entry.value, emails)


def listed(
    entries: Iterable[Entry], *, ip: str | None, domain: str | None, emails: Iterable[str]
) -> str | None:
    """ALLOW if any allow entry matches (it wins over everything), else BLOCK if any block
    entry does, else None."""
    emails = tuple(emails)
    found = {e.list for e in entries if matches(e, ip=ip, domain=domain, emails=emails)}
    if ALLOW in found:
        return ALLOW
    return BLOCK if BLOCK in found else None


def is_disposable(domain: str | None) -> bool:
    """On the disposable-email-domains list, itself or any parent (`x.mailinator.com`)."""
    labels = (domain or "").lower().rstrip(".").split(".")
    return any(".".join(labels[i:]) in DISPOSABLE_DOMAINS for i in range(len(labels) - 1))
