"""Petitions handed in on paper: recorded by a clerk, counted and listed with the online ones.

A paper petition starts life closed on the day it was handed in (lifecycle verb
`receive_paper`), with its signatures already counted, and then takes the same road as an
online petition that has closed: a day later the referral decision sends it to the Petitions
Committee if it has the signatures, as the Senedd does with paper petitions, or closes it as
insufficient. It has no signature rows, so it sends no email.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.petitions.lifecycle import VERBS, perform, start
from deiseb.petitions.models import Petition


@transaction.atomic
def record_paper_petition(
    *,
    action_en: str,
    action_cy: str,
    background_en: str,
    background_cy: str,
    additional_details_en: str = "",
    additional_details_cy: str = "",
    creator_name: str,
    submitted_on: datetime.date,
    signatures: int,
    by,
) -> Petition:
    handed_in = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time.min))
    petition = start(
        "receive_paper",
        by=by,
        at=handed_in,
        action_en=action_en,
        action_cy=action_cy,
        background_en=background_en,
        background_cy=background_cy,
        additional_details_en=additional_details_en,
        additional_details_cy=additional_details_cy,
        creator_name=creator_name,
        duration_days=0,
        referral_threshold=settings.PETITION_REFERRAL_THRESHOLD,
        debate_threshold=settings.PETITION_DEBATE_THRESHOLD,
        signature_count=signatures,
        paper_submitted_on=submitted_on,
        paper_signatures=signatures,
    )
    # Its thresholds were crossed on paper, by the day it was handed in.
    for verb, threshold in (
        ("reach_referral_threshold", petition.referral_threshold),
        ("reach_debate_threshold", petition.debate_threshold),
    ):
        if signatures >= threshold and VERBS[verb].allows(petition):
            perform(verb, petition, by=by, at=handed_in)
    audit.record(
        by,
        AuditEntry.Action.RECORD_PAPER,
        petition,
        changes={
            "paper_submitted_on": [None, submitted_on],
            "paper_signatures": [None, signatures],
        },
    )
    return petition
