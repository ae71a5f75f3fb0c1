"""Pausing and resuming signing or starting petitions, and the nights a pause covered.

Each night signing is paused adds a day to every open petition's closing date, as the Senedd
and petition.parliament.uk did when they stopped collecting signatures: a petition should not
lose days it could not be signed on. This app only knows the pauses; the nightly job that gives
the days back acts on petitions, so it is theirs (`petitions.services.credit_paused_nights`).
It looks at the pauses themselves, not at the switch as it is now, so a night the job missed
(a worker down) is still credited later, once.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.core.caching import forget_on_commit, remembered
from deiseb.switches.models import Pause

SIGNING = Pause.Switch.SIGNING
CREATING = Pause.Switch.CREATING
A_DAY = datetime.timedelta(days=1)


class SwitchRefused(Exception):
    """Someone else changed the switch a moment ago."""


PAUSES_KEY = "switches:pauses"


def current_pauses() -> dict[str, Pause]:
    return {pause.switch: pause for pause in Pause.objects.current()}


def pauses_in_force() -> dict[str, Pause]:
    """current_pauses() as the public pages ask for them: kept a moment in each process, so
    a pause reaches every server within LOCAL_CACHE_SECONDS (this one at once)."""
    return remembered(PAUSES_KEY, current_pauses)


def _facts(pause: Pause | None) -> dict:
    return {
        "paused": pause is not None and pause.ended_at is None,
        "message_en": pause.message_en if pause else "",
        "message_cy": pause.message_cy if pause else "",
    }


def change_switch(
    switch: str, *, paused: bool, message_en: str = "", message_cy: str = "", by
) -> Pause | None:
    """Pause, resume or reword one switch, with its audit entry; returns the pause changed.

    Nothing is written (nor audited) when nothing changes.
    """
    with transaction.atomic():
        pause = Pause.objects.select_for_update().current().filter(switch=switch).first()
        before = _facts(pause)
        if paused and pause is None:
            try:
                with transaction.atomic():
                    pause = Pause.objects.create(
                        switch=switch, message_en=message_en, message_cy=message_cy, started_by=by
                    )
            except IntegrityError:
                raise SwitchRefused(_("Someone else paused it a moment ago.")) from None
        elif paused:
            pause.message_en, pause.message_cy = message_en, message_cy
            pause.save(update_fields=["message_en", "message_cy"])
        elif pause is not None:
            now = timezone.now()
            if not Pause.objects.current().filter(pk=pause.pk).update(ended_at=now, ended_by=by):
                raise SwitchRefused(_("Someone else resumed it a moment ago."))
            pause.ended_at, pause.ended_by = now, by
        changes = audit.differences(before, _facts(pause))
        if not changes:
            return None
        audit.record(by, AuditEntry.Action.CHANGE_SWITCHES, pause, changes=changes, notes=switch)
        forget_on_commit(PAUSES_KEY)
    return pause


def midnight(day: datetime.date) -> datetime.datetime:
    """The local midnight at which `day` begins (Wales has one every day, clock changes or not)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def paused_nights(now: datetime.datetime) -> set[datetime.date]:
    """Each day whose first midnight, up to now, fell while signing was paused."""
    nights = set()
    for started, ended in Pause.objects.filter(switch=SIGNING).values_list(
        "started_at", "ended_at"
    ):
        day = timezone.localdate(started)
        if midnight(day) < started:
            day += A_DAY
        while midnight(day) <= now and (ended is None or midnight(day) < ended):
            nights.add(day)
            day += A_DAY
    return nights


def a_day_later(moment: datetime.datetime) -> datetime.datetime:
    """The same local time the next day: a petition still closes at the end of a day."""
    local = timezone.localtime(moment)
    return timezone.make_aware(datetime.datetime.combine(local.date() + A_DAY, local.time()))
