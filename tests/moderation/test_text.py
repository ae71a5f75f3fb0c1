"""Who may change a petition's text: Tal fills in the missing language, Mo publishes, and text
that people have signed changes only with a moderator's reason, kept with before and after."""

import pytest

from deiseb.audit.models import AuditEntry
from deiseb.moderation import services
from deiseb.petitions.models import Petition, PetitionEvent
from tests.factories import OpenPetitionFactory, moderator

pytestmark = pytest.mark.django_db

WELSH = {"action_cy": "Ariannu bysiau ysgol", "background_cy": "Mae angen bysiau."}


def text_of(petition, **changes) -> dict:
    data = {field: getattr(petition, field) for field in services.TEXT_FIELDS}
    data.update(changes)
    return data


def save_text(client, petition, data):
    return client.post(f"/en/staff/moderation/{petition.pk}/text/", data)


# -- translators ------------------------------------------------------------------------------


def test_a_translator_cannot_publish_through_the_text_form(client, tal, english_only):
    response = save_text(client, english_only, text_of(english_only, **WELSH, publish="1"))
    assert response.status_code == 403
    english_only.refresh_from_db()
    assert english_only.state == Petition.State.SPONSORED
    assert english_only.action_cy == ""
    assert not PetitionEvent.objects.filter(verb="publish").exists()


def test_only_a_moderator_is_offered_save_and_publish(client, tal, english_only):
    page = client.get(f"/en/staff/moderation/{english_only.pk}/").content.decode()
    assert "Save text" in page and "Save and publish" not in page
    client.force_login(moderator())
    page = client.get(f"/en/staff/moderation/{english_only.pk}/").content.decode()
    assert "Save and publish" in page


def test_a_translator_adds_the_missing_welsh(client, tal, english_only):
    response = save_text(client, english_only, text_of(english_only, **WELSH))
    assert response.status_code == 302
    english_only.refresh_from_db()
    assert english_only.action_cy == WELSH["action_cy"]
    action = PetitionEvent.objects.get(verb="edit_text")
    assert action.by == tal
    assert action.changes["action_cy"] == ["", WELSH["action_cy"]]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EDIT_TEXT)
    assert (entry.actor, entry.object_type, entry.object_id) == (
        tal,
        "petitions.petition",
        str(english_only.pk),
    )
    assert entry.changes["background_cy"] == ["", WELSH["background_cy"]]


def test_a_translator_cannot_change_text_already_written(client, tal, english_only):
    written = english_only.action_en
    page = client.get(f"/en/staff/moderation/{english_only.pk}/").content.decode()
    assert 'name="action_en"' in page and "disabled" in page  # shown, locked
    save_text(client, english_only, text_of(english_only, action_en="Something else", **WELSH))
    english_only.refresh_from_db()
    assert english_only.action_en == written  # the locked field kept its value
    assert english_only.action_cy == WELSH["action_cy"]  # the empty one was filled
    with pytest.raises(services.TextChangeRefused):
        services.update_petition_text(english_only, by=tal, action_en="Something else")


def test_a_translator_cannot_edit_a_published_petition(client, tal):
    petition = OpenPetitionFactory(additional_details_cy="")
    response = save_text(client, petition, text_of(petition, additional_details_cy="Mwy."))
    assert response.status_code == 403
    petition.refresh_from_db()
    assert petition.additional_details_cy == ""
    page = client.get(f"/en/staff/moderation/{petition.pk}/").content.decode()
    assert "Save text" not in page


def test_a_translator_does_not_see_the_creators_contact_details(client, tal, english_only):
    page = client.get(f"/en/staff/moderation/{english_only.pk}/").content.decode()
    for private in ("charlie@example.com", "1 High Street", "029 2000 0000", "CF101AA"):
        assert private not in page
    assert "Charlie Creator" in page


def test_a_moderator_sees_the_creators_contact_details(client, mo, english_only):
    page = client.get(f"/en/staff/moderation/{english_only.pk}/").content.decode()
    for private in ("charlie@example.com", "1 High Street", "029 2000 0000", "CF101AA"):
        assert private in page


# -- published text ---------------------------------------------------------------------------


def test_changing_a_published_petition_needs_a_reason(client, mo):
    petition = OpenPetitionFactory(signature_count=1183)
    before = petition.action_en
    response = save_text(client, petition, text_of(petition, action_en="Scrap school buses"))
    assert response.status_code == 400
    assert "Give a reason for changing the text of a published petition." in (
        response.content.decode()
    )
    petition.refresh_from_db()
    assert petition.action_en == before
    assert not PetitionEvent.objects.filter(verb="edit_text").exists()
    assert not AuditEntry.objects.exists()


def test_a_moderator_corrects_a_published_petition_and_the_history_keeps_both(client, mo):
    petition = OpenPetitionFactory(signature_count=1183)
    before = petition.action_en
    data = text_of(petition, action_en="Fund more school buses in rural Wales now")
    data["edit_reason"] = "Typo reported by the creator"
    response = save_text(client, petition, data)
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.action_en == "Fund more school buses in rural Wales now"
    action = PetitionEvent.objects.get(verb="edit_text")
    assert action.notes == "Typo reported by the creator"
    assert action.changes == {"action_en": [before, "Fund more school buses in rural Wales now"]}
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EDIT_TEXT)
    assert entry.actor == mo and entry.notes == "Typo reported by the creator"
    assert entry.changes == action.changes
    page = client.get(f"/en/staff/moderation/{petition.pk}/").content.decode()
    assert f"Before: {before}" in page
    assert "After: Fund more school buses in rural Wales now" in page


def test_the_reason_field_is_asked_for_only_once_published(client, mo, english_only):
    page = client.get(f"/en/staff/moderation/{english_only.pk}/").content.decode()
    assert 'name="edit_reason"' not in page
    petition = OpenPetitionFactory()
    page = client.get(f"/en/staff/moderation/{petition.pk}/").content.decode()
    assert 'name="edit_reason"' in page
