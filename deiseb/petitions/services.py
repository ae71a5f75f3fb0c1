"""Creating, validating and closing petitions, and giving back paused nights; each a verb."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from deiseb.core.caching import remembered
from deiseb.petitions.lifecycle import (
    KEPT_PETITION,
    VERBS,
    InvalidTransition,
    perform,
    record_creation,
)
from deiseb.petitions.models import Petition
from deiseb.petitions.signals import petition_created
from deiseb.switches.models import CreditedNight
from deiseb.switches.services import a_day_later, midnight, paused_nights


def published_petition(pk: int) -> Petition | None:
    """A published petition as the sign form reads it, or None: kept a moment in each process
    (`remembered`), since every sign POST reads it. Every lifecycle verb forgets it here."""
    return remembered(KEPT_PETITION.format(pk), lambda: _if_published(pk))


def _if_published(pk: int) -> Petition | None:
    # The row by its key, then `is_published`: published()'s conditions on every text took
    # longer to compile than the read itself (1.4 ms against 0.8 ms a miss on PostgreSQL).
    petition = Petition.objects.filter(pk=pk).first()
    return petition if petition is not None and petition.is_published else None


def closing_date_bounds(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The earliest and latest closing dates a creator may pick, counted from today."""
    today = today or timezone.localdate()
    earliest = today + datetime.timedelta(days=settings.PETITION_MIN_DURATION_DAYS)
    month = today.month - 1 + settings.PETITION_MAX_DURATION_MONTHS
    year, month = today.year + month // 12, month % 12 + 1
    day = min(today.day, _days_in_month(year, month))
    return earliest, datetime.date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    return (next_month - datetime.timedelta(days=1)).day


@transaction.atomic
def create_petition(
    *,
    language: str,
    action: str,
    background: str,
    additional_details: str,
    closing_date: datetime.date,
    creator_name: str,
    creator_pseudonym: str,
    creator_email: str,
    creator_postcode: str,
    creator_address: str,
    creator_phone: str,
    notify_by_email: bool = True,
    ip_address: str | None = None,
) -> Petition:
    """A new petition waiting for its creator to confirm their email address.

    Its creator's signature, which carries the confirmation link, is made by the signatures
    app on `petition_created`, in this same transaction; `ip_address` (where the request came
    from) goes with it, for the signing rates, and is never shown.
    """
    suffix = "cy" if language == "cy" else "en"
    petition = Petition.objects.create(
        language=language,
        **{
            f"action_{suffix}": action,
            f"background_{suffix}": background,
            f"additional_details_{suffix}": additional_details,
        },
        creator_name=creator_name,
        creator_pseudonym=creator_pseudonym,
        creator_email=creator_email,
        creator_postcode=creator_postcode,
        creator_address=creator_address,
        creator_phone=creator_phone,
        duration_days=(closing_date - timezone.localdate()).days,
        referral_threshold=settings.PETITION_REFERRAL_THRESHOLD,
        debate_threshold=settings.PETITION_DEBATE_THRESHOLD,
    )
    record_creation(petition)
    petition_created.send(
        sender=Petition,
        petition=petition,
        notify_by_email=notify_by_email,
        language=language,
        ip_address=ip_address,
    )
    return petition


def validate_petition(petition: Petition) -> None:
    """The creator confirmed their email: now they can gather supporters."""
    perform("validate", petition)


def sponsor_petition_if_ready(petition: Petition) -> bool:
    """Enough confirmed supporters: the petition joins the moderation queue."""
    if not VERBS["gather_support"].allows(petition):
        return False
    supporters = petition.signatures.sponsors().validated().count()
    if supporters < settings.PETITION_SPONSORS_REQUIRED:
        return False
    try:
        perform("gather_support", petition)
    except InvalidTransition:
        return False  # a concurrent confirmation moved it first
    return True


def closing_time(opened_at: datetime.datetime, duration_days: int) -> datetime.datetime:
    """Petitions close at the end of the day, in Wales, `duration_days` after opening."""
    local_day = timezone.localtime(opened_at).date() + datetime.timedelta(days=duration_days)
    end_of_day = datetime.datetime.combine(local_day, datetime.time(23, 59, 59, 999999))
    return timezone.make_aware(end_of_day)


def close_due_petitions(now=None) -> int:
    """Close every open petition whose closing time has passed."""
    now = now or timezone.now()
    closed = 0
    for petition in Petition.objects.due_for_closing(now).only("pk", "state", "closes_at"):
        try:
            perform("close", petition, at=petition.closes_at)
        except InvalidTransition:
            continue
        closed += 1
    return closed


def credit_paused_nights(now: datetime.datetime | None = None) -> int:
    """The nightly job: a day more for open petitions for each paused night not yet credited."""
    now = now or timezone.now()
    nights = paused_nights(now)
    done = set(CreditedNight.objects.filter(night__in=nights).values_list("night", flat=True))
    return sum(_credit(night) for night in sorted(nights - done))


def _credit(night: datetime.date) -> bool:
    """One night, for every petition open at its midnight, in one transaction with its record.

    The record's unique night makes a second worker (or a second run) skip it, and a crash
    half-way rolls back every petition it had extended, so a night is credited once or not at all.
    """
    at_midnight = midnight(night)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = CreditedNight.objects.create(night=night)
        except IntegrityError:
            return False
        open_then = Petition.objects.filter(
            state__in=Petition.SIGNABLE_STATES,
            opened_at__lte=at_midnight,
            closes_at__gt=at_midnight,
        ).only("pk", "state", "debate_state", "closes_at")
        for petition in open_then:
            closes_at = a_day_later(petition.closes_at)
            try:
                perform(
                    "extend_closing",
                    petition,
                    closes_at=closes_at,
                    notes=f"Signing was paused at midnight on {night.isoformat()}",
                    changes={"closes_at": [petition.closes_at.isoformat(), closes_at.isoformat()]},
                )
            except InvalidTransition:
                continue  # it closed a moment ago
            record.petitions += 1
        record.save(update_fields=["petitions"])
    return True
