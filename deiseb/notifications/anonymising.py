"""When retention anonymises a petition, its deliveries forget the addresses they were sent to.

Each delivery's canonical address becomes its signature's own anonymous one, unique per
signature, so "one email per inbox" still holds for the rows that remain.
"""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from deiseb.notifications.models import UpdateDelivery


def forget_delivery_addresses(sender, *, petition, **kwargs) -> None:
    UpdateDelivery.objects.filter(update__petition=petition).update(
        canonical_email=Concat(
            Value("anon-"), Cast("signature_id", CharField()), Value("@anonymised.invalid")
        )
    )
