"""Mo moderates: translate, publish, reject, flag, unflag, restore; creator and supporters told."""

import pytest
from django.core import mail

from deiseb.moderation.models import RejectionReason
from deiseb.petitions.models import Petition, PetitionEvent
from tests.factories import SponsoredPetitionFactory

pytestmark = pytest.mark.django_db


def deliver(run_tasks, captured):
    for callback in captured:
        callback()
    run_tasks()


def test_publishing_is_refused_until_both_languages_exist(client, mo, english_only):
    response = client.post(f"/en/staff/moderation/{english_only.pk}/publish/", follow=True)
    assert "both English and Welsh" in response.content.decode()
    english_only.refresh_from_db()
    assert english_only.state == Petition.State.SPONSORED
    assert not PetitionEvent.objects.filter(verb="publish").exists()


def test_a_moderator_adds_the_welsh_and_publishes(
    client, mo, english_only, run_tasks, django_capture_on_commit_callbacks
):
    data = {
        "action_en": english_only.action_en,
        "background_en": english_only.background_en,
        "action_cy": "Ariannu bysiau ysgol",
        "background_cy": "Mae angen bysiau.",
        "additional_details_en": "",
        "additional_details_cy": "",
        "publish": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/staff/moderation/{english_only.pk}/text/", data)
    assert response.status_code == 302
    english_only.refresh_from_db()
    assert english_only.state == Petition.State.OPEN
    assert english_only.action_cy == "Ariannu bysiau ysgol"
    assert english_only.opened_at is not None
    assert (english_only.closes_at - english_only.opened_at).days == english_only.duration_days
    actions = list(english_only.events.values_list("verb", "by__username"))
    assert ("edit_text", "mo") in actions and ("publish", "mo") in actions

    run_tasks()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"charlie@example.com", "sian@example.com"}
    assert "is now open" in by_recipient["charlie@example.com"].subject
    assert "Ariannu bysiau ysgol" in by_recipient["sian@example.com"].body  # her language


def test_a_hidden_reason_hides_the_petition_and_its_reason(
    client, mo, english_only, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/staff/moderation/{english_only.pk}/reject/",
            {"reason": "offensive", "details_en": "Abusive language."},
        )
    english_only.refresh_from_db()
    assert english_only.state == Petition.State.HIDDEN
    assert english_only.rejection.reason_id == "offensive"
    assert client.get(f"/en/petitions/{english_only.pk}/").status_code == 404
    run_tasks()
    assert len(mail.outbox) == 2


def test_a_public_rejection_is_shown_with_its_reason(client, mo):
    petition = SponsoredPetitionFactory()
    client.post(
        f"/en/staff/moderation/{petition.pk}/reject/",
        {"reason": "duplicate", "details_en": "See petition P-06-1234."},
    )
    client.logout()
    page = client.get(f"/en/petitions/{petition.pk}/").content.decode()
    assert RejectionReason.objects.get(code="duplicate").title_en in page
    assert "See petition P-06-1234." in page


def test_flag_unflag_and_restore(client, mo, django_user_model):
    petition = SponsoredPetitionFactory()
    client.post(f"/en/staff/moderation/{petition.pk}/flag/", {"notes": "Check the facts"})
    petition.refresh_from_db()
    assert petition.state == Petition.State.FLAGGED
    client.post(f"/en/staff/moderation/{petition.pk}/unflag/")
    petition.refresh_from_db()
    assert petition.state == Petition.State.SPONSORED
    client.post(f"/en/staff/moderation/{petition.pk}/reject/", {"reason": "libellous"})
    client.force_login(django_user_model.objects.create_superuser("root"))  # re-moderation
    client.post(f"/en/staff/moderation/{petition.pk}/restore/")
    petition.refresh_from_db()
    assert petition.state == Petition.State.SPONSORED
    assert not hasattr(petition, "rejection") or petition.rejection is None
    by_staff = petition.events.filter(by__isnull=False).order_by("pk")
    assert list(by_staff.values_list("verb", flat=True)) == [
        "flag",
        "unflag",
        "hide",  # "libellous" is a hidden reason
        "restore",
    ]


def test_an_impossible_action_is_refused_cleanly(client, mo):
    petition = SponsoredPetitionFactory()
    response = client.post(f"/en/staff/moderation/{petition.pk}/unflag/", follow=True)
    assert response.status_code == 200
    assert "not possible now" in response.content.decode()
    petition.refresh_from_db()
    assert petition.state == Petition.State.SPONSORED


def test_the_public_and_other_staff_cannot_moderate(client):
    petition = SponsoredPetitionFactory()
    anonymous = client.post(f"/en/staff/moderation/{petition.pk}/publish/")
    assert anonymous.status_code == 302 and "/staff/login/" in anonymous["Location"]
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("clerk-without-role"))
    assert client.post(f"/en/staff/moderation/{petition.pk}/publish/").status_code == 403
    petition.refresh_from_db()
    assert petition.state == Petition.State.SPONSORED


def test_the_queue_lists_petitions_awaiting_moderation(client, mo):
    waiting = SponsoredPetitionFactory()
    page = client.get("/en/staff/moderation/").content.decode()
    assert waiting.action_en in page


def test_moderation_actions_are_append_only(mo):
    petition = SponsoredPetitionFactory()
    from deiseb.moderation.services import flag_petition

    flag_petition(petition, by=mo)
    action = PetitionEvent.objects.get(verb="flag")
    action.notes = "rewritten"
    with pytest.raises(RuntimeError):
        action.save()
