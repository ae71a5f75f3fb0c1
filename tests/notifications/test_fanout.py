"""Telling signers: each inbox that asked gets one email, in its language, with its own members."""

import collections
from unittest import mock

import pytest
from django.core.management import call_command

from deiseb.core.models import OutboundEmail
from deiseb.notifications import emails, services
from deiseb.notifications.models import PetitionUpdate, UpdateDelivery
from deiseb.notifications.tasks import resume_petition_updates
from tests.helpers import body_text
from tests.notifications.story import RECIPIENTS, build_story

pytestmark = pytest.mark.django_db

OUTCOME = PetitionUpdate.Kind.DEBATE_OUTCOME
SCHEDULED = PetitionUpdate.Kind.DEBATE_SCHEDULED


def queued_to() -> collections.Counter:
    return collections.Counter(OutboundEmail.objects.values_list("to", flat=True))


def email_to(address: str) -> OutboundEmail:
    (email,) = OutboundEmail.objects.filter(to=address)
    return email


def test_each_inbox_that_asked_gets_one_email_over_smtp_with_one_click_unsubscribe(
    story, start, drain, smtp_server
):
    start(story.debate, OUTCOME)
    drain()

    received = collections.Counter(rcpt for rcpts, _ in smtp_server.messages for rcpt in rcpts)
    assert received == dict.fromkeys(RECIPIENTS, 1)
    (message,) = smtp_server.to("alice@example.com")
    unsubscribe = str(message["List-Unsubscribe"]).strip()  # long: folded onto its own line
    assert unsubscribe.startswith("<http://testserver/en/") and "/unsubscribe/" in unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in body_text(message)  # and visible in the body
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="{unsubscribe.strip("<>")}"' in html
    assert not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists()
    update = PetitionUpdate.objects.get()
    assert update.is_sent and update.deliveries.count() == len(RECIPIENTS)


def test_signers_who_did_not_ask_or_did_not_confirm_get_nothing(story, start, drain):
    start(story.debate, OUTCOME)
    drain()
    assert set(queued_to()) == RECIPIENTS
    assert "quentin@example.com" not in queued_to()
    assert "pat@example.com" not in queued_to()


def test_the_outcome_says_every_result_and_how_the_signers_own_members_voted(story, start, drain):
    start(story.debate, OUTCOME)
    drain()
    # Alice was counted under the 2026 boundaries; on the debate's date she lived in Cardiff
    # Central, represented by Ann (constituency) and Bryn (region), not Dai.
    body = email_to("alice@example.com").body_text
    assert "Dear Alice Adams," in body
    assert "Motion NDM8812 without amendment: Not agreed (13 for, 0 abstaining, 34 against)" in body
    assert "Amendment 1: Agreed (2 for, 0 abstaining, 1 against)" in body
    assert "Motion NDM8812 as amended: Agreed without objection" in body
    # In voting order, the deselected amendment where it was skipped.
    assert (
        body.index("Motion NDM8812 without amendment: Not agreed")
        < body.index("Amendment 1: Agreed")
        < body.index("Amendment 2 was deselected: it was not put to a vote.")
        < body.index("Motion NDM8812 as amended: Agreed without objection")
    )
    assert "does not oblige the Welsh Government to act" in body
    assert "How the members for Cardiff Central voted" in body
    assert "* Ann Aelod, Welsh Labour (Member for Cardiff Central)" in body
    assert "* Bryn Rhanbarth, Plaid Cymru (Member for South Wales Central region)" in body
    assert "* Ann Aelod: For" in body and "* Bryn Rhanbarth: For" in body
    assert "Dai Abertawe" not in body
    # The defeated motion's member votes are not in our data: said plainly, not invented.
    assert "How each member voted in this division is not recorded: only the totals are." in body
    assert f"http://testserver/en/petitions/{story.petition.pk}/" in body
    assert f"/my-members/{story.old.code}/" in body


def test_a_welsh_signer_gets_the_email_in_welsh(story, start, drain):
    start(story.debate, OUTCOME)
    drain()
    email = email_to("gwen@example.com")
    assert email.language == "cy"
    assert "Annwyl Gwen Gymraeg," in email.body_text
    assert "Cynnal ymchwiliad ledled Cymru" in email.subject
    assert "Dadl y Ceidwadwyr Cymreig: camfanteisio rhywiol ar blant" in email.body_text
    assert f"http://testserver/cy/deisebau/{story.petition.pk}/" in email.body_text
    assert "Canol Caerdydd" in email.body_text  # the constituency's Welsh name
    assert "Ann Aelod" in email.body_text and "Dai Abertawe" not in email.body_text
    assert "Hold a Wales-wide inquiry" not in email.body_text
    assert email.headers["List-Unsubscribe"].startswith("<http://testserver/cy/")


def test_a_household_sharing_one_address_gets_one_email_to_both(story, start, drain):
    start(story.debate, OUTCOME)
    drain()
    assert queued_to()["hal@example.com"] == 1
    assert "Dear Hal Household & Hana Household," in email_to("hal@example.com").body_text


def test_a_signer_abroad_is_pointed_to_the_postcode_lookup(story, start, drain):
    start(story.debate, OUTCOME)
    drain()
    body = email_to("amelie@example.com").body_text
    assert "13 for, 0 abstaining, 34 against" in body
    assert "How the members for" not in body
    assert f"/en/debates/{story.debate.pk}/my-members/" in body


def test_the_scheduled_email_gives_the_date_the_title_and_a_link(story, start, drain):
    start(story.scheduled, SCHEDULED)
    drain()
    email = email_to("alice@example.com")
    assert email.subject == "Debate scheduled: “Hold a Wales-wide inquiry”"
    assert "Petition debate: school buses" in email.body_text
    assert story.scheduled.date.strftime("%-d %B %Y") in email.body_text
    assert f"http://testserver/en/debates/{story.scheduled.pk}/" in email.body_text
    assert "13 for" not in email.body_text


def test_pressing_twice_and_running_twice_sends_nobody_a_second_email(story, start, drain):
    start(story.debate, OUTCOME)
    drain()
    start(story.debate, OUTCOME)
    drain()
    update = PetitionUpdate.objects.get()
    # Even a rerun that has lost its place sends nothing new: the ledger knows who had it.
    PetitionUpdate.objects.filter(pk=update.pk).update(state="sending", cursor=0)
    services.send_update(update.pk, size=2)
    assert queued_to() == dict.fromkeys(RECIPIENTS, 1)
    assert PetitionUpdate.objects.get().is_sent


def test_a_crash_half_way_leaves_whole_batches_and_a_rerun_finishes_the_job(db):
    story = build_story(extra_signers=6)  # 11 inboxes, 12 signatures: six batches of two
    (update,) = services.email_signers(story.debate, OUTCOME)
    real = emails.debate_update
    calls = []

    def dies_in_the_third_batch(*args, **kwargs):
        calls.append(args)
        if len(calls) == 6:  # the second email of the third batch
            raise RuntimeError("worker killed")
        return real(*args, **kwargs)

    with (
        mock.patch.object(emails, "debate_update", dies_in_the_third_batch),
        pytest.raises(RuntimeError),
    ):
        services.send_update(update.pk, size=2)

    # Two whole batches; nothing of the third. Every ledger row has its email and vice versa.
    update.refresh_from_db()
    deliveries = UpdateDelivery.objects.filter(update=update)
    assert deliveries.count() == OutboundEmail.objects.count() == 4
    assert set(deliveries.values_list("email_id", flat=True)) == set(
        OutboundEmail.objects.values_list("pk", flat=True)
    )
    assert update.state == PetitionUpdate.State.SENDING
    assert update.cursor == max(deliveries.values_list("signature_id", flat=True))
    assert services.progress(update).remaining == 11 - 4

    services.send_update(update.pk, size=2)
    expected = RECIPIENTS | {f"extra{n}@example.com" for n in range(6)}
    assert queued_to() == dict.fromkeys(expected, 1)
    update.refresh_from_db()
    assert update.is_sent and services.progress(update).remaining == 0


def test_the_sweep_restarts_an_update_whose_worker_died(story, drain, settings):
    settings.NOTIFICATION_BATCH_SIZE = 2
    (update,) = services.email_signers(story.debate, OUTCOME)  # its task never ran
    services.send_next_batch(update.pk)
    assert resume_petition_updates.call() == 0  # still fresh: its worker may be busy
    long_ago = update.progressed_at - services.STALE_UPDATE * 2
    PetitionUpdate.objects.filter(pk=update.pk).update(progressed_at=long_ago)
    assert resume_petition_updates.call() == 1
    drain()
    assert queued_to() == dict.fromkeys(RECIPIENTS, 1)
    assert PetitionUpdate.objects.get().is_sent


def test_the_command_finishes_unfinished_updates(story, capsys):
    (update,) = services.email_signers(story.debate, OUTCOME)
    call_command("send_petition_updates")
    assert queued_to() == dict.fromkeys(RECIPIENTS, 1)
    update.refresh_from_db()
    assert update.is_sent
    assert "Updates resumed: 1" in capsys.readouterr().out


def test_an_unsubscribed_signer_gets_nothing_from_the_next_update(story, start, drain):
    start(story.scheduled, SCHEDULED)
    drain()
    services.stop_updates(story.signers["alice"])
    start(story.debate, OUTCOME)
    drain()
    assert queued_to()["alice@example.com"] == 1  # the first update only
    outcome = PetitionUpdate.objects.get(kind=OUTCOME)
    assert not outcome.deliveries.filter(signature=story.signers["alice"]).exists()
    assert outcome.deliveries.count() == len(RECIPIENTS) - 1


@pytest.mark.parametrize(
    ("debate", "kind", "reason"),
    [
        ("debate", SCHEDULED, "already been held"),
        ("scheduled", OUTCOME, "not been held yet"),
    ],
)
def test_it_refuses_an_update_the_record_does_not_support(story, debate, kind, reason):
    with pytest.raises(services.UpdateRefused, match=reason):
        services.email_signers(getattr(story, debate), kind)
    assert not PetitionUpdate.objects.exists()


def test_it_refuses_the_outcome_before_any_vote_is_recorded(story):
    from deiseb.parliament.models import Vote

    Vote.objects.filter(motion__debate=story.debate).delete()
    with pytest.raises(services.UpdateRefused, match="Record the votes"):
        services.email_signers(story.debate, OUTCOME)


def test_it_refuses_a_debate_with_no_published_petition(story):
    story.petition.action_cy = ""
    story.petition.save()
    with pytest.raises(services.UpdateRefused, match="No published petition"):
        services.email_signers(story.debate, OUTCOME)
