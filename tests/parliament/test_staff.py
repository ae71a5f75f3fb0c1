"""Clerks keep the record: the quick division page and the admin, both refusing bad records."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from deiseb.audit.models import AuditEntry
from deiseb.parliament import services
from deiseb.parliament.models import Amendment, Debate, MemberVote, Vote
from deiseb.petitions.models import Petition
from tests.factories import (
    AwaitingDebatePetitionFactory,
    DebateFactory,
    ScheduledDebatePetitionFactory,
    clerk,
    moderator,
)
from tests.parliament.chamber import chamber

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def senedd():
    return chamber()


@pytest.fixture
def cara(client):
    client.force_login(clerk())
    return client


def counts_only(senedd, counts=(13, 0, 34)) -> Vote:
    return services.record_division(
        Vote(
            motion=senedd.motion,
            position=1,
            question=Vote.Question.MOTION_WITHOUT_AMENDMENT,
            for_count=counts[0],
            abstain_count=counts[1],
            against_count=counts[2],
        )
    )


def division_data(senedd, **overrides) -> dict:
    """Red votes for (Cai abstains), Blue against, the Llywydd does not vote."""
    data = {
        "position": "1",
        "question": "motion_without_amendment",
        "amendment": "",
        "for_count": "",
        "abstain_count": "",
        "against_count": "",
        "casting_vote": "",
        "casting_member": "",
        f"party_{senedd.red.pk}": "for",
        f"party_{senedd.blue.pk}": "against",
        f"party_{senedd.green.pk}": "absent",
        **{f"member_{member.pk}": "" for member in senedd.members.values()},
        f"member_{senedd['cai'].pk}": "abstain",
        "save": "1",
    }
    data.update(overrides)
    return data


# -- who may ----------------------------------------------------------------------------------


def test_the_public_is_sent_to_sign_in_and_other_staff_are_refused(client, senedd):
    vote = counts_only(senedd)
    urls = [
        "/en/staff/record/",
        f"/en/staff/record/motions/{senedd.motion.pk}/division/",
        f"/en/staff/record/votes/{vote.pk}/division/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/en/staff/login/" in response["Location"], url
    mo = moderator()
    mo.is_staff = True  # into the admin, but not into the record
    mo.save()
    client.force_login(mo)
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.get("/en/staff/admin/parliament/vote/").status_code == 403
    response = client.post(
        f"/en/staff/record/motions/{senedd.motion.pk}/division/", division_data(senedd)
    )
    assert response.status_code == 403
    assert Vote.objects.count() == 1


def test_clerks_and_sysadmins_may(client, senedd):
    client.force_login(clerk())
    assert client.get("/en/staff/record/").status_code == 200
    assert client.get("/en/staff/admin/parliament/vote/add/").status_code == 200
    admin = User.objects.create_user("sam", password=PASSWORD, is_staff=True)
    admin.groups.add(Group.objects.get(name="sysadmins"))
    client.force_login(admin)
    assert client.get(f"/en/staff/record/motions/{senedd.motion.pk}/division/").status_code == 200
    assert client.get("/en/staff/admin/parliament/").status_code == 200


# -- the division page ------------------------------------------------------------------------


def test_the_page_lists_every_seated_member_by_party(cara, senedd):
    page = cara.get(f"/en/staff/record/motions/{senedd.motion.pk}/division/").content.decode()
    assert page.count('<fieldset class="fieldset form-group party-group') == 3
    assert "Red Party" in page and "Blue Party" in page and "Green Party" in page
    for name in ("Ann", "Bob", "Cai", "Dee", "Eve", "Elin"):
        assert f">{name}</label>" in page
    assert "(presiding officer)" in page
    assert page.index("Red Party") < page.index("Blue Party")  # biggest group first


def test_party_defaults_and_exceptions_make_the_member_votes(cara, senedd):
    response = cara.post(
        f"/en/staff/record/motions/{senedd.motion.pk}/division/",
        division_data(senedd, **{f"member_{senedd['eve'].pk}": "for"}),
    )
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert set(MemberVote.objects.values_list("member__slug", "option", "party__slug")) == {
        ("ann", "for", "red"),
        ("bob", "for", "red"),
        ("cai", "abstain", "red"),
        ("dee", "against", "blue"),
        ("eve", "for", "blue"),
    }
    assert (vote.for_count, vote.abstain_count, vote.against_count) == (3, 1, 1)
    assert vote.result == Vote.Result.AGREED and vote.members_recorded


def test_counts_that_disagree_re_render_with_an_error_and_save_nothing(cara, senedd):
    response = cara.post(
        f"/en/staff/record/motions/{senedd.motion.pk}/division/",
        division_data(senedd, for_count="3", abstain_count="1", against_count="2"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "For: the count is 3 but 2 members are listed." in page
    assert not Vote.objects.exists() and not MemberVote.objects.exists()


def test_half_the_counts_is_refused(cara, senedd):
    response = cara.post(
        f"/en/staff/record/motions/{senedd.motion.pk}/division/",
        division_data(senedd, for_count="2"),
    )
    assert response.status_code == 400
    assert "Enter all three counts" in response.content.decode()
    assert not Vote.objects.exists()


def test_a_party_without_a_default_is_named(cara, senedd):
    data = division_data(senedd)
    del data[f"party_{senedd.blue.pk}"]
    response = cara.post(f"/en/staff/record/motions/{senedd.motion.pk}/division/", data)
    assert response.status_code == 400
    assert "Choose how most of the Blue Party group voted." in response.content.decode()


def test_check_totals_shows_them_without_saving(cara, senedd):
    data = division_data(senedd)
    del data["save"]
    data["check"] = "1"
    response = cara.post(f"/en/staff/record/motions/{senedd.motion.pk}/division/", data)
    assert response.status_code == 200
    assert response.context["totals"] == {"for": 2, "abstain": 1, "against": 2, "absent": 1}
    assert not Vote.objects.exists()


def test_a_counts_only_vote_gains_its_members(cara, senedd):
    vote = counts_only(senedd, counts=(3, 1, 1))
    url = f"/en/staff/record/votes/{vote.pk}/division/"
    eve_differs = {f"member_{senedd['eve'].pk}": "for"}
    data = division_data(senedd, for_count="3", abstain_count="1", against_count="1", **eve_differs)
    assert cara.post(url, data).status_code == 302
    vote.refresh_from_db()
    assert vote.members_recorded and vote.member_votes.count() == 5
    initial = cara.get(url).context["form"].initial  # shown again: group votes, exceptions
    assert initial[f"party_{senedd.red.pk}"] == "for"
    assert initial[f"member_{senedd['cai'].pk}"] == "abstain"
    assert f"member_{senedd['ann'].pk}" not in initial
    shown = cara.get(url).context["form"].member_options()
    assert shown[senedd["dee"].pk] == "against" and shown[senedd["eve"].pk] == "for"
    assert shown[senedd.llywydd.pk] == "absent"


def test_a_recorded_vote_cannot_be_contradicted(cara, senedd):
    vote = counts_only(senedd, counts=(13, 0, 34))
    data = division_data(senedd, for_count="13", abstain_count="0", against_count="34")
    response = cara.post(f"/en/staff/record/votes/{vote.pk}/division/", data)
    assert response.status_code == 400
    assert "For: the count is 13 but 2 members are listed." in response.content.decode()
    vote.refresh_from_db()
    assert not vote.members_recorded and not vote.member_votes.exists()


def test_the_page_speaks_welsh(cara, senedd):
    page = cara.get(f"/cy/staff/record/motions/{senedd.motion.pk}/division/")
    assert page.status_code == 200
    assert 'lang="cy"' in page.content.decode()


# -- debates and petitions --------------------------------------------------------------------


def test_recording_the_outcome_moves_the_petitions(cara, senedd):
    petition = ScheduledDebatePetitionFactory()
    senedd.motion.debate.petitions.add(petition)
    response = cara.post(
        f"/en/staff/record/debates/{senedd.motion.debate.pk}/outcome/", follow=True
    )
    assert "Outcome recorded: 1 petition moved to “debated”." in response.content.decode()
    petition.refresh_from_db()
    assert petition.debate_state == Petition.DebateState.DEBATED
    response = cara.post(
        f"/en/staff/record/debates/{senedd.motion.debate.pk}/scheduled/", follow=True
    )
    assert "has been held: record its outcome instead" in response.content.decode()


# -- the admin --------------------------------------------------------------------------------


def admin_vote(senedd, **overrides) -> dict:
    data = {
        "motion": senedd.motion.pk,
        "position": "1",
        "question": "motion_without_amendment",
        "amendment": "",
        "decided": "division",
        "for_count": "13",
        "abstain_count": "0",
        "against_count": "34",
        "casting_vote": "",
        "casting_member": "",
        "member_votes-TOTAL_FORMS": "0",
        "member_votes-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def amendment_data(senedd, **overrides) -> dict:
    """The admin's form for the second amendment, as it stands, with some fields changed."""
    amendment = senedd.amendment_2
    data = {
        "motion": senedd.motion.pk,
        "number": "2",
        "mover": amendment.mover.pk,
        "text_en": amendment.text_en,
        "text_cy": amendment.text_cy,
        "status": amendment.status,
    }
    data.update(overrides)
    return data


def test_the_admin_records_a_counts_only_vote_through_the_rules(cara, senedd):
    response = cara.post("/en/staff/admin/parliament/vote/add/", admin_vote(senedd))
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert vote.result == Vote.Result.NOT_AGREED and not vote.members_recorded
    response = cara.post(
        "/en/staff/admin/parliament/vote/add/",
        admin_vote(senedd, position="2", question="amendment", amendment=senedd.amendment_1.pk,
                   for_count="47", against_count="0"),
    )  # fmt: skip
    assert response.status_code == 302
    assert Amendment.objects.get(pk=senedd.amendment_1.pk).status == Amendment.Status.AGREED


def test_the_admin_refuses_a_tie_without_a_casting_vote(cara, senedd):
    response = cara.post(
        "/en/staff/admin/parliament/vote/add/",
        admin_vote(senedd, for_count="20", against_count="20"),
    )
    assert response.status_code == 200
    assert "record the Presiding Officer&#x27;s casting vote" in response.content.decode()
    assert not Vote.objects.exists()


def test_the_admin_refuses_an_amendment_vote_out_of_order(cara, senedd):
    counts_only(senedd, counts=(34, 0, 13))  # agreed: the amendments fall
    response = cara.post(
        "/en/staff/admin/parliament/vote/add/",
        admin_vote(senedd, position="2", question="amendment", amendment=senedd.amendment_1.pk),
    )
    assert response.status_code == 200
    assert "the amendments fell" in response.content.decode()
    assert Vote.objects.count() == 1


def test_the_admin_will_not_mark_an_amendment_agreed_by_hand(cara, senedd):
    amendment = senedd.amendment_2
    data = amendment_data(senedd, status="agreed")
    response = cara.post(f"/en/staff/admin/parliament/amendment/{amendment.pk}/change/", data)
    assert response.status_code == 200
    assert "record the vote instead" in response.content.decode()
    data["status"] = "deselected"
    response = cara.post(f"/en/staff/admin/parliament/amendment/{amendment.pk}/change/", data)
    assert response.status_code == 302
    assert Amendment.objects.get(pk=amendment.pk).status == Amendment.Status.DESELECTED


def test_saving_a_future_debate_in_the_admin_schedules_its_petitions(cara):
    petition = AwaitingDebatePetitionFactory()
    day = timezone.localdate() + datetime.timedelta(days=9)
    response = cara.post(
        "/en/staff/admin/parliament/debate/add/",
        {
            "date": day.isoformat(),
            "title_en": "Petition debate",
            "title_cy": "Dadl ar ddeiseb",
            "kind": "petition",
            "opened_by": "",
            "petitions": [petition.pk],
            "record_url_en": "",
            "record_url_cy": "",
            "motions-TOTAL_FORMS": "0",
            "motions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    petition.refresh_from_db()
    assert petition.debate_state == Petition.DebateState.SCHEDULED
    assert DebateFactory._meta.model.objects.get().petitions.get() == petition


def test_every_record_model_is_in_the_admin_for_clerks(cara, senedd):
    counts_only(senedd)
    models = [
        *("term", "party", "member", "seat", "role", "committeeconsideration"),
        *("governmentresponse", "debate", "motion", "amendment", "vote", "membervote"),
        "petitionoutcome",
    ]
    # Member votes come from a division; responses and outcomes from the petition's page.
    added_elsewhere = {"membervote", "governmentresponse", "petitionoutcome"}
    for model in models:
        assert cara.get(f"/en/staff/admin/parliament/{model}/").status_code == 200, model
        expected = 403 if model in added_elsewhere else 200
        assert cara.get(f"/en/staff/admin/parliament/{model}/add/").status_code == expected, model
    vote = Vote.objects.get()
    page = cara.get(f"/en/staff/admin/parliament/vote/{vote.pk}/change/").content.decode()
    assert f"/en/staff/record/votes/{vote.pk}/division/" in page
    member = senedd["ann"]
    assert cara.get(f"/en/staff/admin/parliament/member/{member.pk}/change/").status_code == 200
    motion = cara.get(f"/en/staff/admin/parliament/motion/{senedd.motion.pk}/change/")
    assert f"/en/staff/record/motions/{senedd.motion.pk}/division/" in motion.content.decode()


# -- the audit log ----------------------------------------------------------------------------


def logged(action) -> AuditEntry:
    entry = AuditEntry.objects.get(action=action)
    assert entry.actor.username == "cara"
    return entry


def test_a_quick_division_is_logged_with_its_counts_and_members(cara, senedd):
    data = division_data(senedd, **{f"member_{senedd['eve'].pk}": "for"})
    cara.post(f"/en/staff/record/motions/{senedd.motion.pk}/division/", data)
    vote = Vote.objects.get()
    entry = logged(AuditEntry.Action.RECORD_DIVISION)
    assert (entry.object_type, entry.object_id) == ("parliament.vote", str(vote.pk))
    assert entry.changes["for_count"] == [None, 3]
    assert entry.changes["result"] == [None, vote.result]
    assert "Cai: abstain" in entry.changes["member_votes"][1]


def test_correcting_a_division_logs_before_and_after(cara, senedd):
    vote = counts_only(senedd, counts=(3, 1, 1))
    data = division_data(senedd, for_count="3", abstain_count="1", against_count="1",
                         **{f"member_{senedd['eve'].pk}": "for"})  # fmt: skip
    cara.post(f"/en/staff/record/votes/{vote.pk}/division/", data)
    entry = logged(AuditEntry.Action.RECORD_DIVISION)
    assert entry.changes["members_recorded"] == [False, True]
    assert entry.changes["member_votes"][0] == []
    assert "for_count" not in entry.changes  # unchanged


def test_scheduling_a_debate_and_its_outcome_are_logged(cara, senedd):
    petition = AwaitingDebatePetitionFactory()
    later = DebateFactory(date=timezone.localdate() + datetime.timedelta(days=9))
    later.petitions.add(petition)
    cara.post(f"/en/staff/record/debates/{later.pk}/scheduled/")
    entry = logged(AuditEntry.Action.SCHEDULE_DEBATE)
    assert (entry.object_type, entry.object_id) == ("parliament.debate", str(later.pk))
    assert entry.changes == {f"petition {petition.pk}": ["awaiting", "scheduled"]}

    held = senedd.motion.debate
    held.petitions.add(petition)
    cara.post(f"/en/staff/record/debates/{held.pk}/outcome/")
    entry = logged(AuditEntry.Action.RECORD_OUTCOME)
    assert entry.changes == {f"petition {petition.pk}": ["scheduled", "debated"]}


def test_a_refused_outcome_leaves_no_entry(cara):
    later = DebateFactory(date=timezone.localdate() + datetime.timedelta(days=9))
    cara.post(f"/en/staff/record/debates/{later.pk}/outcome/")
    assert not AuditEntry.objects.exists()


def test_changes_in_the_admin_are_logged_with_before_and_after(cara, senedd):
    amendment = senedd.amendment_2
    data = amendment_data(senedd, text_en="A corrected text", status="deselected")
    before = (amendment.text_en, amendment.status)
    cara.post(f"/en/staff/admin/parliament/amendment/{amendment.pk}/change/", data)
    entry = logged(AuditEntry.Action.CHANGE)
    assert (entry.object_type, entry.object_id) == ("parliament.amendment", str(amendment.pk))
    assert entry.changes == {
        "text_en": [before[0], "A corrected text"],
        "status": [before[1], "deselected"],
    }


def test_a_refused_admin_change_leaves_no_entry(cara, senedd):
    amendment = senedd.amendment_2
    data = amendment_data(senedd, status="agreed")
    cara.post(f"/en/staff/admin/parliament/amendment/{amendment.pk}/change/", data)
    assert not AuditEntry.objects.exists()


def test_additions_and_inlines_in_the_admin_are_logged(cara, senedd):
    petition = AwaitingDebatePetitionFactory()
    day = timezone.localdate() + datetime.timedelta(days=9)
    response = cara.post(
        "/en/staff/admin/parliament/debate/add/",
        {
            "date": day.isoformat(), "title_en": "Petition debate", "title_cy": "Dadl ar ddeiseb",
            "kind": "petition", "opened_by": "", "petitions": [petition.pk],
            "record_url_en": "", "record_url_cy": "",
            "motions-TOTAL_FORMS": "1", "motions-INITIAL_FORMS": "0",
            "motions-0-reference": "NDM9999", "motions-0-mover": senedd["ann"].pk,
            "motions-0-text_en": "To propose", "motions-0-text_cy": "Cynnig",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    debate = Debate.objects.get(title_en="Petition debate")
    added = {entry.object_type: entry for entry in AuditEntry.objects.filter(action="add")}
    assert added["parliament.debate"].object_id == str(debate.pk)
    assert added["parliament.debate"].changes["petitions"] == [None, [petition.action]]
    assert added["parliament.motion"].changes["reference"] == [None, "NDM9999"]
    assert logged(AuditEntry.Action.SCHEDULE_DEBATE).changes == {
        f"petition {petition.pk}": ["awaiting", "scheduled"]
    }


def test_deleting_in_the_admin_is_logged_with_what_was_there(cara, senedd):
    vote = counts_only(senedd, counts=(13, 0, 34))
    response = cara.post(f"/en/staff/admin/parliament/vote/{vote.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Vote.objects.exists()
    entry = logged(AuditEntry.Action.DELETE)
    assert (entry.object_type, entry.object_id) == ("parliament.vote", str(vote.pk))
    assert entry.changes["against_count"] == [34, None]
    assert entry.object_repr == str(vote)
