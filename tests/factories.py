"""State-named factories. Journeys use the real services; these build the states around them,
walking the same lifecycle verbs (tests/worlds.py)."""

import datetime

import factory
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from deiseb.geography.models import Constituency, Country, Postcode, Region
from deiseb.lib.emails import canonical_email
from deiseb.parliament.models import (
    Amendment,
    Debate,
    Member,
    Motion,
    Party,
    Role,
    Seat,
    Term,
    Vote,
)
from deiseb.petitions import lifecycle
from deiseb.petitions.models import Petition
from deiseb.petitions.services import closing_time
from deiseb.signatures.models import Signature
from tests import worlds


class PetitionFactory(factory.django.DjangoModelFactory):
    """A petition as `create_petition` leaves it: pending, with its "create" history row.

    Each state has its factory below, which walks the lifecycle's verbs from here (its `_walk`,
    see tests/worlds.py), so the petition's history explains its state. A timestamp passed in
    is when its verb happened, and implies it: `ClosedPetitionFactory(referred_at=…)` is a
    referred petition. Passing `state=` or `debate_state=` is refused.
    """

    class Meta:
        model = Petition

    _walk = worlds.PENDING

    language = "en"
    action_en = factory.Sequence(lambda n: f"Fund more school buses in rural Wales ({n})")
    action_cy = factory.Sequence(lambda n: f"Ariannu mwy o fysiau ysgol yng nghefn gwlad ({n})")
    background_en = "Children walk miles to school on roads without pavements."
    background_cy = "Mae plant yn cerdded milltiroedd i'r ysgol ar ffyrdd heb balmentydd."
    creator_name = "Charlie Creator"
    creator_email = "charlie@example.com"
    creator_postcode = "CF101AA"
    creator_address = "1 High Street, Cardiff"
    creator_phone = "029 2000 0000"
    duration_days = 90
    referral_threshold = factory.LazyFunction(lambda: settings.PETITION_REFERRAL_THRESHOLD)
    debate_threshold = factory.LazyFunction(lambda: settings.PETITION_DEBATE_THRESHOLD)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        for field in ("state", "debate_state"):
            if field in kwargs:
                raise TypeError(
                    f"{cls.__name__}({field}=…): use the factory named for the state, whose "
                    "verbs explain it"
                )
        reason = kwargs.pop("reason", "")
        at = {stamp: kwargs.pop(stamp) for stamp in worlds.STAMPS if stamp in kwargs}
        verbs = worlds.walk_to(cls._walk, [stamp for stamp, when in at.items() if when])
        if reason and not set(verbs) & set(worlds.REASONS):
            raise TypeError(f"{cls.__name__}(reason=…): only a rejected petition has a reason")
        if "publish" in verbs and kwargs.get("closes_at") is None:
            opened = at.get("opened_at") or timezone.now()
            kwargs["closes_at"] = closing_time(opened, kwargs["duration_days"])
        with transaction.atomic():  # a walk the lifecycle refuses leaves no petition behind
            petition = super()._create(model_class, *args, **kwargs)
            lifecycle.record_creation(petition)
            return worlds.walk(petition, verbs, at=at, reason=reason)


class PendingPetitionFactory(PetitionFactory):
    pass


class ValidatedPetitionFactory(PetitionFactory):
    """The creator confirmed their email; supporters are being gathered."""

    _walk = worlds.VALIDATED
    validated_at = factory.LazyFunction(timezone.now)


class SponsoredPetitionFactory(ValidatedPetitionFactory):
    """Enough supporters: waiting for a moderator."""

    _walk = worlds.SPONSORED
    sponsored_at = factory.LazyFunction(timezone.now)


class FlaggedPetitionFactory(SponsoredPetitionFactory):
    _walk = worlds.FLAGGED


class RejectedPetitionFactory(SponsoredPetitionFactory):
    """Rejected in moderation with a public reason (a RejectionReason code)."""

    _walk = worlds.REJECTED
    reason = worlds.REASONS["reject"]
    rejected_at = factory.LazyFunction(timezone.now)


class HiddenPetitionFactory(SponsoredPetitionFactory):
    """Rejected in moderation with a reason that hides it. Pass opened_at=… to hide it after it
    was published."""

    _walk = worlds.HIDDEN
    reason = worlds.REASONS["hide"]
    rejected_at = factory.LazyFunction(timezone.now)


class OpenPetitionFactory(SponsoredPetitionFactory):
    _walk = worlds.OPEN
    opened_at = factory.LazyFunction(timezone.now)
    closes_at = factory.LazyAttribute(lambda o: o.opened_at + datetime.timedelta(days=90))
    validated_at = factory.LazyAttribute(lambda o: o.opened_at - datetime.timedelta(days=2))
    sponsored_at = factory.LazyAttribute(lambda o: o.opened_at - datetime.timedelta(days=1))


class ClosedPetitionFactory(OpenPetitionFactory):
    _walk = worlds.CLOSED
    opened_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=100))
    closes_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    closed_at = factory.SelfAttribute("closes_at")


class ReferredPetitionFactory(ClosedPetitionFactory):
    """Reached the referral threshold while open; referred to the Committee a day after closing."""

    _walk = worlds.REFERRED
    signature_count = factory.SelfAttribute("referral_threshold")
    referral_threshold_reached_at = factory.LazyAttribute(
        lambda o: o.opened_at + datetime.timedelta(days=10)
    )
    referred_at = factory.LazyAttribute(lambda o: o.closed_at + datetime.timedelta(days=1))


class CompletedPetitionFactory(ReferredPetitionFactory):
    """The Committee has finished with it."""

    _walk = worlds.COMPLETED
    completed_at = factory.LazyFunction(timezone.now)


class AwaitingDebatePetitionFactory(ReferredPetitionFactory):
    """Referred, and reached the debate threshold while open."""

    _walk = worlds.AWAITING_DEBATE
    signature_count = factory.SelfAttribute("debate_threshold")
    debate_threshold_reached_at = factory.LazyAttribute(
        lambda o: o.opened_at + datetime.timedelta(days=20)
    )


class ScheduledDebatePetitionFactory(AwaitingDebatePetitionFactory):
    _walk = worlds.SCHEDULED_DEBATE


class DebatedPetitionFactory(AwaitingDebatePetitionFactory):
    _walk = worlds.DEBATED


class NotDebatedPetitionFactory(AwaitingDebatePetitionFactory):
    _walk = worlds.NOT_DEBATED


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    petition = factory.SubFactory(OpenPetitionFactory)
    name = factory.Sequence(lambda n: f"Suzie Signer {n}")
    email = factory.Sequence(lambda n: f"suzie{n}@example.com")
    canonical_email = factory.LazyAttribute(lambda o: canonical_email(o.email))
    postcode = "CF101AA"
    country_id = Country.WALES


class ValidatedSignatureFactory(SignatureFactory):
    state = Signature.State.VALIDATED
    validated_at = factory.LazyFunction(timezone.now)


def moderator(username="mo") -> User:
    user = User.objects.create_user(username, password="correct horse battery staple")
    user.groups.add(Group.objects.get(name="moderators"))
    return user


def constituency(code="W09000053", name="Caerdydd Penarth", postcodes=("CF101AA",)) -> Constituency:
    seat, _ = Constituency.objects.get_or_create(
        code=code,
        defaults={
            "name_en": name,
            "name_cy": name,
            "valid_from": datetime.date(2026, 5, 7),
            "members": 6,
        },
    )
    for postcode in postcodes:
        Postcode.objects.get_or_create(postcode=postcode, constituency=seat)
    return seat


# The parliamentary record. Defaults sit in the Sixth Senedd, on the old 40-constituency map.


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "W10000007"
    name_en = "South Wales Central"
    name_cy = "Canol De Cymru"
    valid_from = datetime.date(2007, 5, 3)
    valid_to = datetime.date(2026, 5, 6)


class ConstituencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Constituency
        django_get_or_create = ("code",)

    code = "W09000031"
    name_en = "Cardiff Central"
    name_cy = "Canol Caerdydd"
    region = factory.SubFactory(RegionFactory)
    valid_from = datetime.date(2007, 5, 3)
    valid_to = datetime.date(2026, 5, 6)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("number",)

    number = 6
    name_en = "Sixth Senedd"
    name_cy = "Chweched Senedd"
    start_date = datetime.date(2021, 5, 13)
    end_date = datetime.date(2026, 5, 6)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"party-{n}")
    name_en = factory.Sequence(lambda n: f"Party {n}")
    name_cy = factory.Sequence(lambda n: f"Plaid {n}")
    colour = "#0087DC"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    slug = factory.Sequence(lambda n: f"member-{n}")
    name_en = factory.Sequence(lambda n: f"Morgan Member {n}")
    name_cy = factory.SelfAttribute("name_en")


class SeatFactory(factory.django.DjangoModelFactory):
    """A constituency seat for the whole term; pass region=… and constituency=None for a list
    seat."""

    class Meta:
        model = Seat

    member = factory.SubFactory(MemberFactory)
    term = factory.SubFactory(TermFactory)
    party = factory.SubFactory(PartyFactory)
    constituency = factory.SubFactory(ConstituencyFactory)
    region = None
    start_date = factory.SelfAttribute("term.start_date")
    end_date = factory.SelfAttribute("term.end_date")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    member = factory.SubFactory(MemberFactory)
    title_en = "Cabinet Secretary for Social Justice"
    title_cy = "Ysgrifennydd y Cabinet dros Gyfiawnder Cymdeithasol"
    start_date = datetime.date(2024, 3, 21)
    end_date = None


class DebateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debate

    date = datetime.date(2025, 2, 12)
    title_en = factory.Sequence(lambda n: f"Welsh Conservatives debate ({n})")
    title_cy = factory.Sequence(lambda n: f"Dadl y Ceidwadwyr Cymreig ({n})")
    kind = Debate.Kind.OPPOSITION


class MotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Motion

    debate = factory.SubFactory(DebateFactory)
    reference = factory.Sequence(lambda n: f"NDM{9000 + n}")
    mover = factory.SubFactory(MemberFactory)
    text_en = "To propose that the Senedd calls for a Wales-wide independent inquiry."
    text_cy = "Cynnig bod y Senedd yn galw am ymchwiliad annibynnol ledled Cymru."
    binding = False


class AmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amendment

    motion = factory.SubFactory(MotionFactory)
    number = 1
    mover = factory.SubFactory(MemberFactory)
    text_en = "Delete all and replace with a call for an all-Wales audit first."
    text_cy = "Dileu popeth a rhoi galwad am archwiliad Cymru gyfan yn gyntaf yn ei le."


class VoteFactory(factory.django.DjangoModelFactory):
    """A division on a motion with no amendments, agreed on the counts. Builds the row directly;
    tests of the rules go through deiseb.parliament.services."""

    class Meta:
        model = Vote

    motion = factory.SubFactory(MotionFactory)
    position = 1
    question = Vote.Question.MOTION
    result = Vote.Result.AGREED
    for_count = 30
    abstain_count = 0
    against_count = 20


def clerk(username="cara") -> User:
    """A clerk keeps the record; is_staff lets them into the admin, the group decides what for."""
    user = User.objects.create_user(
        username, password="correct horse battery staple", is_staff=True
    )
    user.groups.add(Group.objects.get(name="clerks"))
    return user
