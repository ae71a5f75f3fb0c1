"""Trending addresses: an IP address or email domain signing one petition a lot in an hour.

Each hour the last complete hour is counted per petition, by address and by domain, fraudulent
signatures included (a flood the rates already caught is still a flood); more than
TRENDING_LOG_THRESHOLD is logged as a TrendingAddress, and more than TRENDING_NOTIFY_THRESHOLD is
posted, once, to the TRENDING_WEBHOOK_URL. The hour before it is counted again in the same run,
so a run that comes late, or is missed once, loses nothing: rows are upserted on their unique key.
"""

import datetime
import http.client
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncHour
from django.urls import reverse
from django.utils import timezone, translation

from deiseb.integrity.models import TrendingAddress
from deiseb.signatures.models import Signature

logger = logging.getLogger(__name__)

HOUR = datetime.timedelta(hours=1)
# How many complete hours each run counts (the last one, and one more for a late run).
HOURS_COUNTED = 2
# A notification the webhook refused is tried again at each run for this long, then dropped.
NOTIFY_RETRY_WINDOW = datetime.timedelta(hours=24)
# Seconds the webhook may take; the hourly run must not hang on it.
WEBHOOK_TIMEOUT = 5

GROUPINGS = (
    (TrendingAddress.Kind.IP, "ip_address", Q(ip_address__isnull=False)),
    (TrendingAddress.Kind.DOMAIN, "email_domain", ~Q(email_domain="")),
)


def hour_start(moment: datetime.datetime) -> datetime.datetime:
    """The start of the hour `moment` falls in, in UTC (Welsh hours start at the same instants)."""
    return moment.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)


def last_complete_hour(now=None) -> datetime.datetime:
    return hour_start(now or timezone.now()) - HOUR


def log_trending(now=None) -> dict:
    """Log the last complete hours' trending addresses and notify the webhook of the largest.

    Returns how many rows were logged (created or updated) and notified; safe to run twice.
    """
    now = now or timezone.now()
    end = hour_start(now)
    logged = _log_hours(end - HOURS_COUNTED * HOUR, end)
    return {"logged": logged, "notified": notify_trending(now)}


def _log_hours(start, end) -> int:
    """Upsert a row for every (petition, kind, value, hour) over the threshold in [start, end)."""
    threshold = settings.TRENDING_LOG_THRESHOLD
    created_at = timezone.now()
    rows = []
    for kind, field, present in GROUPINGS:
        groups = (
            Signature.objects.filter(present, created_at__gte=start, created_at__lt=end)
            .annotate(hour=TruncHour("created_at", tzinfo=datetime.UTC))
            .values("petition_id", "hour", field)
            .annotate(
                count=Count("id"),
                fraudulent=Count("id", filter=Q(state=Signature.State.FRAUDULENT)),
            )
            .filter(count__gt=threshold)
            .order_by()
        )
        rows += [
            TrendingAddress(
                petition_id=group["petition_id"],
                kind=kind,
                value=group[field],
                hour=group["hour"],
                count=group["count"],
                fraudulent=group["fraudulent"],
                created_at=created_at,
            )
            for group in groups
        ]
    if rows:
        TrendingAddress.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["petition", "kind", "value", "hour"],
            update_fields=["count", "fraudulent"],
        )
    return len(rows)


def notify_trending(now=None) -> int:
    """Post each recent row over the notify threshold, not yet notified, to the webhook.

    Each row is claimed by a conditional UPDATE of its notified_at before it is posted, so two
    runs at once post it once; a failed post gives the claim back, to be tried at the next run.
    A worker that dies between the claim and the post loses that one notification (the row is
    still logged and on the staff pages): at most once, rather than a flood of repeats.
    """
    url = settings.TRENDING_WEBHOOK_URL
    if not url:
        return 0
    now = now or timezone.now()
    due = TrendingAddress.objects.filter(
        notified_at__isnull=True,
        count__gt=settings.TRENDING_NOTIFY_THRESHOLD,
        hour__gte=now - NOTIFY_RETRY_WINDOW,
    ).select_related("petition")
    notified = 0
    for row in due:
        claimed = TrendingAddress.objects.filter(pk=row.pk, notified_at__isnull=True).update(
            notified_at=now
        )
        if claimed != 1:
            continue
        if _post(url, payload(row)):
            notified += 1
        else:
            TrendingAddress.objects.filter(pk=row.pk).update(notified_at=None)
            # The row's id, never its address or domain: log lines carry no signer's data.
            logger.warning(
                "Trending webhook refused row %s (petition %s); trying again next run",
                row.pk,
                row.petition_id,
            )
    return notified


def payload(row: TrendingAddress) -> dict:
    """What the webhook receives about one trending row."""
    petition = row.petition

    def public_url(language):
        with translation.override(language):
            return f"{settings.SITE_URL}{reverse('petitions:detail', args=[petition.pk])}"

    with translation.override("en"):
        staff_url = reverse("moderation:petition", args=[petition.pk])
    return {
        "petition": petition.pk,
        "action": {"en": petition.action_en, "cy": petition.action_cy},
        "kind": row.kind,
        "value": row.value,
        "count": row.count,
        "fraudulent": row.fraudulent,
        "hour": row.hour.astimezone(datetime.UTC).isoformat(),
        "url": {"en": public_url("en"), "cy": public_url("cy")},
        "staff_url": f"{settings.SITE_URL}{staff_url}",
    }


def _post(url: str, body: dict) -> bool:
    """POST the body as JSON; True if the webhook answered 2xx. Never raises for the network."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "User-Agent": "Deiseb trending"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            return 200 <= response.status < 300
    # URLError and HTTPError (OSError), timeouts, a garbled answer, a malformed URL.
    except (OSError, http.client.HTTPException, ValueError) as error:
        logger.warning("Trending webhook failed: %s", type(error).__name__)
        return False


def trending_last_hour(petition=None, now=None):
    """The rows logged for the last complete hour, largest first: site-wide, or one petition's."""
    rows = TrendingAddress.objects.filter(hour=last_complete_hour(now)).select_related("petition")
    if petition is not None:
        rows = rows.filter(petition=petition)
    return rows.order_by("-count", "kind", "value")


def fraudulent_last_hour(petition=None, now=None, limit=50) -> dict[str, list[dict]]:
    """Fraudulent signatures of the last 60 minutes by address and by domain, counted live.

    For one petition, or site-wide, where an address is counted across every petition it signed
    (with how many petitions that was), since a flood may spread itself thin.
    """
    since = (now or timezone.now()) - HOUR
    signatures = Signature.objects.filter(state=Signature.State.FRAUDULENT, created_at__gte=since)
    if petition is not None:
        signatures = signatures.filter(petition=petition)
    found = {}
    for kind, field, present in GROUPINGS:
        groups = (
            signatures.filter(present)
            .values(field)
            .annotate(count=Count("id"), petitions=Count("petition", distinct=True))
            .order_by("-count", field)[:limit]
        )
        found[kind] = [
            {"value": g[field], "count": g["count"], "petitions": g["petitions"]} for g in groups
        ]
    return found
