"""Counting signatures: batched, so a viral petition's row is written once per run, not per signer.

A per-signature `UPDATE petition SET count = count + 1` serialises every signer on one row; on
PostgreSQL with 32 writers that caps signing at ~1,500/s against ~12,000/s for plain inserts
(bench/counting.py). Instead each run claims a batch of confirmed, uncounted signatures by
stamping them with a batch id, then adds the batch's totals with one UPDATE per petition and one
per constituency and country row. Claim and totals commit together, so a crash counts nothing
twice and loses nothing. Reconciliation recomputes from the signatures table and repairs drift.
"""

import contextlib
import datetime
import uuid

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Max, Value
from django.db.models.functions import Coalesce, Greatest, TruncHour
from django.utils import timezone

from deiseb.petitions.lifecycle import VERBS, InvalidTransition, perform
from deiseb.petitions.models import Petition
from deiseb.signatures.models import (
    ConstituencyCount,
    CountryCount,
    HourlyConstituencyCount,
    HourlyCount,
    HourlyCountryCount,
    Signature,
)

# Each table kept beside the petition's total, and what it counts by. The hourly ones bucket a
# signature by the hour it was confirmed in, not the hour it was counted, so a backlog counted
# late still lands where it happened.
BREAKDOWNS = (
    (ConstituencyCount, ("constituency",)),
    (CountryCount, ("country",)),
    (HourlyCount, ("hour",)),
    (HourlyConstituencyCount, ("hour", "constituency")),
    (HourlyCountryCount, ("hour", "country")),
)
CONFIRMED_HOUR = TruncHour(Coalesce("validated_at", "created_at"), tzinfo=datetime.UTC)


def _grouped(signatures, keys: tuple[str, ...]):
    """The signatures' numbers per petition and key; those with no constituency have no row."""
    if "hour" in keys:
        signatures = signatures.annotate(hour=CONFIRMED_HOUR)
    if "constituency" in keys:
        signatures = signatures.exclude(constituency=None)
    return signatures.values("petition", *keys).annotate(n=Count("pk")).order_by()


def _add_breakdowns(signatures) -> None:
    for model, keys in BREAKDOWNS:
        _add_grouped(model, keys, _grouped(signatures, keys))


def _take_breakdowns(signatures) -> None:
    """Counted signatures have their rows, so taking them off is only an UPDATE per row."""
    for model, keys in BREAKDOWNS:
        columns = _columns(model, keys)
        for row in list(_grouped(signatures, keys)):
            where = {column: row[key] for column, key in zip(columns, keys, strict=True)}
            model.objects.filter(petition_id=row["petition"], **where).update(
                count=F("count") - row["n"]
            )


def _add_grouped(model, keys: tuple[str, ...], grouped) -> None:
    """Add the grouped numbers to the table's rows in one statement, creating rows not there yet.

    A backlog counted at once has a row per hour and place: one UPDATE, then an INSERT in a
    savepoint, per row took the demo's 13,000 signatures 130 s. Django's `bulk_create` can only
    overwrite a conflicting row, not add to it, so this is SQL, which SQLite and PostgreSQL both
    take (`WHERE true` tells SQLite's parser the ON CONFLICT belongs to the INSERT).
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(name) for name in ["petition_id", *_columns(model, keys)])
    # The grouped query names its columns by the keys: petition, hour, constituency…
    sources = ", ".join(quote(name) for name in ["petition", *keys])
    sql, params = grouped.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, count) "
            f"SELECT {sources}, n FROM ({sql}) AS grouped WHERE true "
            f"ON CONFLICT ({columns}) DO UPDATE SET count = {table}.count + excluded.count",
            params,
        )


def _columns(model, keys: tuple[str, ...]) -> list[str]:
    return [model._meta.get_field(key).attname for key in keys]


def count_signatures(batch_size: int | None = None) -> int:
    """Count every confirmed signature not yet counted; returns how many were counted."""
    batch_size = batch_size or settings.COUNT_BATCH_SIZE
    total = 0
    while True:
        counted = _count_batch(batch_size)
        total += counted
        if counted < batch_size:
            return total


@transaction.atomic
def _count_batch(limit: int) -> int:
    """Claim the oldest `limit` uncounted signatures, then add their totals.

    The claim is bounded by the last of them, read first, not `pk IN (the oldest, LIMIT n)`:
    after a burst the planner's figures still say almost nothing is uncounted, and it then
    re-sorted the whole backlog for every row it looked at (100,000 left: 45 s a batch).
    A signature confirmed meanwhile below the bound joins this batch: a batch may be larger.
    """
    batch = uuid.uuid4()
    uncounted = Signature.objects.uncounted()
    last = uncounted.order_by("pk").values_list("pk", flat=True)[limit - 1 : limit].first()
    claim = uncounted if last is None else uncounted.filter(pk__lte=last)
    claimed = claim.update(count_batch=batch)
    if not claimed:
        return 0
    rows = Signature.objects.filter(count_batch=batch).order_by()
    now = timezone.now()
    for row in rows.values("petition").annotate(n=Count("pk"), last=Max("validated_at")):
        _add_to_petition(row["petition"], row["n"], row["last"], now)
    _add_breakdowns(rows)
    return claimed


def _add_to_petition(petition_id: int, n: int, last_signed_at, now) -> None:
    # Batches go in id order, not confirmation order, so keep the later of the two times.
    latest = Value(last_signed_at)
    Petition.objects.filter(pk=petition_id).update(
        signature_count=F("signature_count") + n,
        last_signed_at=Greatest(Coalesce("last_signed_at", latest), latest),
    )
    _reach_thresholds(petition_id, now)


def _reach_thresholds(petition_id: int, now) -> None:
    """A threshold is reached once, by its lifecycle verb, in the run that first counts to it."""
    petition = Petition.objects.get(pk=petition_id)
    for verb, threshold in (
        ("reach_referral_threshold", petition.referral_threshold),
        ("reach_debate_threshold", petition.debate_threshold),
    ):
        if petition.signature_count >= threshold and VERBS[verb].allows(petition):
            with contextlib.suppress(InvalidTransition):  # another counter got there first
                perform(verb, petition, at=now)


def reconcile_counts(petition_ids=None) -> int:
    """Recompute counts from the signatures table and repair drift; returns petitions repaired.

    A paper petition's signatures have no rows: its paper count is added to what the rows say.
    Only counted signatures are compared, so a batch the counter is adding right now is not
    counted twice; the petition row is locked while it is repaired.
    """
    petitions = Petition.objects.exclude(state__in=[Petition.State.PENDING])
    if petition_ids is not None:
        petitions = petitions.filter(pk__in=petition_ids)
    repaired = 0
    for petition_id in petitions.values_list("pk", flat=True).iterator():
        if _reconcile_one(petition_id):
            repaired += 1
    return repaired


@transaction.atomic
def _reconcile_one(petition_id: int) -> bool:
    petition = (
        Petition.objects.select_for_update()
        .only("signature_count", "paper_signatures")
        .get(pk=petition_id)
    )
    counted = (
        Signature.objects.validated()
        .filter(petition_id=petition_id, count_batch__isnull=False)
        .order_by()
    )
    total = counted.count() + petition.paper_signatures  # paper signatures have no rows
    drifted = total != petition.signature_count
    if drifted:
        Petition.objects.filter(pk=petition_id).update(signature_count=total)
    for model, keys in BREAKDOWNS:
        drifted |= _reconcile_table(model, keys, petition_id, _grouped(counted, keys))
    return drifted


def _reconcile_table(model, keys: tuple[str, ...], petition_id: int, truth) -> bool:
    columns = _columns(model, keys)
    true_counts = {tuple(row[key] for key in keys): row["n"] for row in truth}
    stored = {
        tuple(values[:-1]): values[-1]
        for values in model.objects.filter(petition_id=petition_id).values_list(*columns, "count")
    }
    if stored == true_counts:
        return False
    rows = model.objects.filter(petition_id=petition_id)
    for gone in stored.keys() - true_counts.keys():
        rows.filter(**dict(zip(columns, gone, strict=True))).delete()
    for key, n in true_counts.items():
        if stored.get(key) != n:
            where = dict(zip(columns, key, strict=True))
            model.objects.update_or_create(petition_id=petition_id, **where, defaults={"count": n})
    return True


def invalidate_signature(signature: Signature) -> None:
    """Strike out one signature (fraud, request): see `invalidate_signatures`."""
    invalidate_signatures([signature.pk])


@transaction.atomic
def invalidate_signatures(signature_ids, now=None) -> int:
    """Strike out these signatures, and take those already counted off every count at once.

    The only way a count goes down. Pending and fraudulent signatures were never counted; a
    confirmed one was if the counter has claimed it. That is read from the locked rows, not a
    caller's copy: the counter may have claimed them since, and while they are locked it cannot
    claim them (its claim re-reads the state and skips what is no longer confirmed). Returns how
    many were struck out; those already invalidated are left as they are.
    """
    locked = (
        Signature.objects.select_for_update()
        .filter(pk__in=list(signature_ids))
        .exclude(state=Signature.State.INVALIDATED)
        .order_by("pk")
    )
    ids = list(locked.values_list("pk", flat=True))
    if not ids:
        return 0
    counted = Signature.objects.filter(
        pk__in=ids, state=Signature.State.VALIDATED, count_batch__isnull=False
    ).order_by()
    petitions = list(counted.values("petition").annotate(n=Count("pk")))
    # Taken off every table while the rows are still confirmed, the state the counter read.
    _take_breakdowns(counted)
    Signature.objects.filter(pk__in=ids).update(
        state=Signature.State.INVALIDATED, invalidated_at=now or timezone.now()
    )
    for row in petitions:
        Petition.objects.filter(pk=row["petition"]).update(
            signature_count=Greatest(F("signature_count") - row["n"], 0)
        )
    return len(ids)
