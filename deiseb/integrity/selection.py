"""A bulk action's selection, signed by the server so it cannot be widened in transit.

The results page signs what it showed: the search that found them, the highest id it matched
then, and the ids on the page. The action may narrow that (tick some of the page's ids) but
never widen it: ids not on the signed page, or a changed search, are refused. "All matching"
re-runs the signed search, capped at the signed highest id, so signatures that arrive later
are not swept up by an action staff chose before they existed.
"""

from django.core import signing
from django.http import QueryDict

from deiseb.integrity.criteria import matching_signatures
from deiseb.integrity.forms import CriteriaForm
from deiseb.signatures.models import Signature

SALT = "deiseb.integrity.selection"
MAX_AGE = 24 * 3600  # a results page left open overnight is searched again


class SelectionRefused(Exception):
    """The selection was changed, is too old, or asks for more than was signed."""


def sign(query: str, highest_id: int, page_ids) -> str:
    return signing.dumps({"q": query, "max": highest_id, "ids": sorted(page_ids)}, salt=SALT)


def read(token: str, *, ids, everything: bool):
    """The signatures chosen, as a queryset, and the signed search that found them.

    Raises SelectionRefused if the selection was changed or asks for more than was signed."""
    try:
        signed = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        query, highest, page_ids = signed["q"], int(signed["max"]), set(signed["ids"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise SelectionRefused from None
    if everything:
        form = CriteriaForm(QueryDict(query))
        if not form.is_valid():  # a search the server signed is valid: it was changed
            raise SelectionRefused
        return matching_signatures(**form.criteria()).filter(pk__lte=highest), query
    try:
        chosen = {int(pk) for pk in ids}
    except (TypeError, ValueError):
        raise SelectionRefused from None
    if not chosen <= page_ids:
        raise SelectionRefused
    return Signature.objects.filter(pk__in=chosen), query
