"""Charlie's petition reaches its supporters: the email says how long moderation takes, and
when the queue is long (more than MODERATION_QUEUE_LONG petitions), that it may take longer."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from deiseb.petitions.services import validate_petition
from tests.factories import (
    PetitionFactory,
    SignatureFactory,
    SponsoredPetitionFactory,
    ValidatedSignatureFactory,
    constituency,
)

pytestmark = pytest.mark.django_db

USUAL = "This usually takes about a week."
LONGER = "so moderation may take longer than usual"


@pytest.fixture
def one_supporter_to_go(settings):
    """A validated petition whose last supporter has signed but not yet confirmed."""
    constituency()
    settings.PETITION_SPONSORS_REQUIRED = 1

    def make(language="en"):
        petition = PetitionFactory()
        ValidatedSignatureFactory(
            petition=petition, kind="creator", email="charlie@example.com", language=language
        )
        validate_petition(petition)
        return SignatureFactory(petition=petition, kind="sponsor", email="sian@example.com")

    return make


def confirm(client, supporter, run_tasks, capture):
    run_tasks()  # what was sent before, such as the "find supporters" email, first
    mail.outbox.clear()
    with capture(execute=True):
        assert client.post(f"/en/signatures/{supporter.token}/confirm/").status_code == 200
    run_tasks()
    (message,) = [m for m in mail.outbox if m.to == ["charlie@example.com"]]
    return message


def test_a_short_queue_says_about_a_week(
    client, settings, one_supporter_to_go, run_tasks, django_capture_on_commit_callbacks
):
    settings.MODERATION_QUEUE_LONG = 2
    SponsoredPetitionFactory()  # with Charlie's, two in the queue: not more than the setting
    message = confirm(client, one_supporter_to_go(), run_tasks, django_capture_on_commit_callbacks)
    assert message.subject == "Your petition has enough supporters"
    assert USUAL in message.body and LONGER not in message.body
    assert USUAL in message.alternatives[0][0]


def test_a_long_queue_says_it_may_take_longer(
    client, settings, one_supporter_to_go, run_tasks, django_capture_on_commit_callbacks
):
    settings.MODERATION_QUEUE_LONG = 2
    SponsoredPetitionFactory.create_batch(2)  # with Charlie's, three: more than the setting
    message = confirm(client, one_supporter_to_go(), run_tasks, django_capture_on_commit_callbacks)
    assert "moderation may take longer than usual" in message.subject
    assert LONGER in message.body and USUAL not in message.body
    assert LONGER in message.alternatives[0][0]


@pytest.mark.parametrize("queue_is_long", [False, True])
def test_the_creator_reads_either_wording_in_welsh(
    client,
    settings,
    one_supporter_to_go,
    run_tasks,
    django_capture_on_commit_callbacks,
    queue_is_long,
):
    settings.MODERATION_QUEUE_LONG = 0 if queue_is_long else 10
    supporter = one_supporter_to_go(language="cy")
    message = confirm(client, supporter, run_tasks, django_capture_on_commit_callbacks)
    english = (
        "Senedd staff will now check it against the petition standards. We have a very large "
        "number of petitions to check at the moment, so moderation may take longer than usual. "
        "We will email you when it is published, or tell you why it could not be."
        if queue_is_long
        else "Senedd staff will now check it against the petition standards. This usually "
        "takes about a week. We will email you when it is published, or tell you why it could "
        "not be."
    )
    with translation.override("cy"):
        assert gettext(english) in message.body
