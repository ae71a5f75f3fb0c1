"""One definition of "published": the public queryset and the petition itself agree."""

import itertools

import pytest

from deiseb.petitions.models import Petition
from tests.factories import OpenPetitionFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "action_en": ["", "Fund buses"],
    "action_cy": ["", "Ariannu bysiau"],
    "background_en": ["", "Buses matter."],
    "background_cy": ["", "Mae bysiau'n bwysig."],
    "additional_details_en": ["", "More."],
    "additional_details_cy": ["", "Mwy."],
}


def test_the_queryset_and_the_petition_agree_on_every_mix_of_languages():
    petitions = []
    for values in itertools.product(*TEXTS.values()):
        texts = dict(zip(TEXTS, values, strict=True))
        if not (texts["action_en"] or texts["action_cy"]):
            continue  # the database refuses a public petition with no action at all
        petitions.append(OpenPetitionFactory(**texts))
    published = set(Petition.objects.published().values_list("pk", flat=True))
    assert published == {p.pk for p in petitions if p.is_published}
    assert len(published) == 2  # with or without additional details, in both languages
