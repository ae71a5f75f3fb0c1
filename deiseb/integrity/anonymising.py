"""When retention anonymises a petition, what integrity copied of its signers goes too.

Trending IP addresses logged for the petition keep their hour and counts (the record that the
petition was attacked) under a stand-in value unique per row; trending domains are not about
one person and stay. An invalidation of this petition alone keeps its summary and counts and
forgets the name, email, postcode and IP address it was asked to match.
"""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from deiseb.integrity.models import Invalidation, TrendingAddress


def forget_signers(sender, *, petition, **kwargs) -> None:
    TrendingAddress.objects.filter(petition=petition, kind=TrendingAddress.Kind.IP).update(
        value=Concat(Value("anonymised-"), Cast("pk", CharField()))
    )
    Invalidation.objects.filter(petition=petition).update(
        name="", email="", postcode="", ip_address=""
    )
