"""Spot a likely typo in an email address's domain ("gmial.com") and suggest the common one.

The UK Parliament's petitions site does this in the browser with the mailcheck script; here it is
done on the server, so it works without JavaScript. No Python library for it is well kept (the
ports of mailcheck are abandoned), and the whole of it is a list of domains and an edit distance.

A suggestion is only a question put to the signer ("Did you mean …?"): they may keep what they
typed, so a rare false alarm costs one click, while a missed typo costs their signature.
"""

import functools

# The domains most UK and Welsh signers use, and the ones near them that are real in their own
# right (mail.com beside gmail.com, ymail.com, me.com beside mac.com), so those are never
# "corrected".
COMMON_DOMAINS = (
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.co.uk",
    "outlook.com",
    "live.com",
    "live.co.uk",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "aol.co.uk",
    "btinternet.com",
    "btopenworld.com",
    "sky.com",
    "talktalk.net",
    "virginmedia.com",
    "ntlworld.com",
    "blueyonder.co.uk",
    "tiscali.co.uk",
    "mail.com",
    "gmx.com",
    "gmx.co.uk",
    "protonmail.com",
    "proton.me",
    "gov.wales",
    "llyw.cymru",
    "senedd.wales",
    "senedd.cymru",
    "wales.nhs.uk",
)
_KNOWN = frozenset(COMMON_DOMAINS)
MAX_EDITS = 2


def distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring letters as one edit ("gmial" → "gmail").

    The optimal string alignment form of Damerau–Levenshtein: the usual typos are one letter
    missed, doubled, wrong or swapped.
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]


def suggest_domain(domain: str) -> str | None:
    """The common domain `domain` is probably a typo of, or None.

    One edit away from a common domain is a typo; two are allowed only when the ending
    (".com", ".uk") is the same, so "outlook.fr" is not taken for "outlook.com".
    """
    return _suggest_domain(domain.strip().rstrip(".").lower())


@functools.lru_cache(maxsize=4096)
def _suggest_domain(domain: str) -> str | None:
    """Remembered: a viral day's signers use a few dozen domains, and every sign POST asks."""
    if not domain or domain in _KNOWN:
        return None
    # Only distances up to 2 can suggest, and lengths further apart than that are further.
    near = [known for known in COMMON_DOMAINS if abs(len(known) - len(domain)) <= MAX_EDITS]
    scored = sorted((distance(domain, known), known) for known in near)
    if not scored:
        return None
    best_distance, best = scored[0]
    if len(scored) > 1 and scored[1][0] == best_distance:
        return None  # as near to two domains: no honest single suggestion
    same_ending = domain.rsplit(".", 1)[-1] == best.rsplit(".", 1)[-1]
    if best_distance == 1 or (best_distance == 2 and same_ending and len(domain) > 6):
        return best
    return None


def suggest(email: str) -> str | None:
    """The address with its domain corrected ("ann@gmial.com" → "ann@gmail.com"), or None."""
    local, at, domain = (email or "").rpartition("@")
    if not at or not local:
        return None
    better = suggest_domain(domain)
    return f"{local}@{better}" if better else None
