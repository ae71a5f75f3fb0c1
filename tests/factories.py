"""State-named factories. Journeys use the real services; these build the states around them."""

import datetime

import factory
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.utils import timezone

from deiseb.geography.models import Constituency, Country, Postcode
from deiseb.lib.emails import canonical_email
from deiseb.petitions.models import Petition
from deiseb.signatures.models import Signature


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    state = Petition.State.PENDING
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


class SponsoredPetitionFactory(PetitionFactory):
    state = Petition.State.SPONSORED
    validated_at = factory.LazyFunction(timezone.now)
    sponsored_at = factory.LazyFunction(timezone.now)


class OpenPetitionFactory(SponsoredPetitionFactory):
    state = Petition.State.OPEN
    opened_at = factory.LazyFunction(timezone.now)
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=90))


class ClosedPetitionFactory(OpenPetitionFactory):
    state = Petition.State.CLOSED
    opened_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=100))
    closes_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    closed_at = factory.SelfAttribute("closes_at")


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
