"""A fan-out batch renders each email once per language and constituency, not once per signer,
and hands its emails to one delivery task; what each signer gets is what rendering their own
email would have given."""

import uuid
from unittest import mock

import pytest
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from deiseb.core import emails as core_emails
from deiseb.core.models import OutboundEmail
from deiseb.notifications import emails, services
from deiseb.notifications.models import PetitionUpdate, SignerMessage
from deiseb.notifications.tokens import unsubscribe_token
from tests.factories import OpenPetitionFactory, ValidatedSignatureFactory
from tests.notifications.story import RECIPIENTS

pytestmark = pytest.mark.django_db

OUTCOME = PetitionUpdate.Kind.DEBATE_OUTCOME


def rendered_alone(update, delivery) -> tuple[str, str, str]:
    """The email for one signer rendered by itself, as every email was before batches."""
    signature = delivery.signature
    recipient = services.Recipient(signature)
    recipient.names = list(
        services.wanting_updates(update.petition_id)
        .filter(canonical_email=signature.canonical_email)
        .order_by("pk")
        .values_list("name", flat=True)
    )
    with translation.override(signature.language):
        url = emails._unsubscribe_url(unsubscribe_token(signature))
        if update.debate_id:
            constituency = services.constituency_on(signature, update.debate.date, {})
            context = emails._debate_context(
                update.kind,
                emails.DebateRecord(update.debate),
                update.petition,
                constituency,
                name=recipient.name,
                unsubscribe_url=url,
            )
        else:
            context = emails._petition_context(
                update.petition, emails.about(update), recipient.name, url
            )
    email = core_emails.build_email(
        emails.TEMPLATES[update.kind],
        signature.email,
        signature.language,
        core_emails.render_email(emails.TEMPLATES[update.kind], signature.language, context),
    )
    return email.subject, email.body_text, email.body_html, url


def test_each_signers_email_is_what_rendering_it_alone_gives(story, start, drain):
    start(story.debate, OUTCOME)
    drain()
    update = PetitionUpdate.objects.get()
    deliveries = update.deliveries.select_related("email", "signature")
    assert {d.email.to for d in deliveries} == RECIPIENTS
    for delivery in deliveries:
        subject, text, html, url = rendered_alone(update, delivery)
        email = delivery.email
        assert (email.subject, email.body_text, email.body_html) == (subject, text, html)
        assert email.headers["List-Unsubscribe"] == f"<{url}>"


def test_a_name_is_escaped_in_the_html_and_not_in_the_text(start, drain):
    petition = OpenPetitionFactory()
    ValidatedSignatureFactory(petition=petition, notify_by_email=True, name='Bob <b>"&" Co')
    message = SignerMessage(
        petition=petition,
        key=uuid.uuid4(),
        subject_en="S",
        subject_cy="S",
        body_en="B",
        body_cy="B",
    )
    update, _ = services.email_message(message)
    services.send_update(update.pk)
    (email,) = OutboundEmail.objects.all()
    assert 'Dear Bob <b>"&" Co,' in email.body_text
    assert "Dear Bob &lt;b&gt;&quot;&amp;&quot; Co," in email.body_html


def test_a_batch_renders_once_per_language_and_constituency(story, start, drain):
    real = core_emails.render_email
    with mock.patch.object(emails, "render_email", side_effect=real) as render:
        start(story.debate, OUTCOME)
        drain()
    groups = {
        (d.signature.language, d.signature.constituency_id)
        for d in PetitionUpdate.objects.get().deliveries.select_related("signature")
    }
    assert render.call_count <= len(groups) < len(RECIPIENTS)


def test_a_batch_is_one_delivery_task_not_one_per_email(story, start, drain, smtp_server):
    start(story.debate, OUTCOME)
    drain()
    paths = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert "deiseb.core.tasks.deliver_email" not in paths
    # The test's nested commit captures run each on-commit callback twice: count the batches.
    batches = {
        tuple(task.args_kwargs["args"][0])
        for task in DBTaskResult.objects.filter(task_path="deiseb.core.tasks.deliver_emails")
    }
    assert len(batches) == 1
    assert sorted(next(iter(batches))) == sorted(OutboundEmail.objects.values_list("pk", flat=True))
    assert len(smtp_server.messages) == len(RECIPIENTS)
