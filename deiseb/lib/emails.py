"""Canonical email addresses, so that one person cannot sign twice by dressing up an address."""

# Providers whose mailboxes ignore dots in the local part.
_DOT_BLIND_DOMAINS = {"gmail.com", "googlemail.com"}


def canonical_email(address: str) -> str:
    """Lower-case, drop +tags, and drop dots where the provider ignores them.

    "John.Smith+petition@GoogleMail.com" and "johnsmith@gmail.com" reach the same inbox, so
    they count as the same signer.
    """
    address = (address or "").strip().lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    local = local.split("+", 1)[0]
    if domain in _DOT_BLIND_DOMAINS:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"
