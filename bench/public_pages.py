"""What a crowd reading petitions costs the origin: page renders, their queries, and search.

A viral petition brings readers, not just signers. The CDN absorbs most of them (public pages
send Cache-Control with stale-while-revalidate and an ETag), but every edge still asks the origin
once per max-age, and search can never be cached for everyone. This measures, in-process through
Django's test client (no network, no gunicorn):

  1. the petition page for a petition with 1 signature and one with 1,000,000 counted signatures
     spread over 40 constituencies: renders/s, p50/p95, and the number of SQL queries (which
     must be the same for both);
  2. the open list, first page and a deep page;
  3. search over --petitions published petitions in both languages: p50/p95 per query, and on
     PostgreSQL whether the plan uses the GIN index.

Usage:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/deiseb_bench python bench/public_pages.py
  python bench/public_pages.py --petitions 2000      # no DATABASE_URL: a temporary SQLite

It creates its petitions with a marker in their text and deletes them at the end. Times are
printed, never asserted.
"""

import argparse
import os
import random
import statistics
import sys
import time

from counting import machine_facts, prepare_database

WORDS_EN = [
    "school",
    "buses",
    "rural",
    "libraries",
    "flood",
    "defences",
    "hospital",
    "dentist",
    "railway",
    "ferry",
    "housing",
    "farming",
    "tourism",
    "wind",
    "energy",
    "language",
    "teachers",
    "speed",
    "limits",
    "youth",
    "clubs",
]
WORDS_CY = [
    "bysiau",
    "ysgol",
    "gwledig",
    "llyfrgelloedd",
    "amddiffynfeydd",
    "llifogydd",
    "ysbyty",
    "deintydd",
    "rheilffordd",
    "fferi",
    "tai",
    "ffermio",
    "twristiaeth",
    "ynni",
    "gwynt",
    "iaith",
    "athrawon",
    "terfynau",
    "cyflymder",
    "clybiau",
    "ieuenctid",
]
PLACES = [
    "Aberaeron",
    "Aberdaron",
    "Abergavenny",
    "Aberystwyth",
    "Bala",
    "Bangor",
    "Barmouth",
    "Beaumaris",
    "Brecon",
    "Bridgend",
    "Builth",
    "Caernarfon",
    "Cardigan",
    "Carmarthen",
    "Chepstow",
    "Conwy",
    "Criccieth",
    "Denbigh",
    "Dolgellau",
    "Fishguard",
    "Harlech",
    "Haverfordwest",
    "Holyhead",
    "Knighton",
    "Lampeter",
    "Llandeilo",
    "Llandovery",
    "Llandudno",
    "Llanelli",
    "Llangollen",
    "Llanidloes",
    "Machynlleth",
    "Merthyr",
    "Milford",
    "Mold",
    "Monmouth",
    "Narberth",
    "Neath",
    "Newtown",
    "Pembroke",
    "Penarth",
    "Pontypridd",
    "Porthcawl",
    "Porthmadog",
    "Presteigne",
    "Pwllheli",
    "Rhayader",
    "Rhyl",
    "Ruthin",
    "Tenby",
    "Tregaron",
    "Tywyn",
    "Welshpool",
    "Wrexham",
    "Ystradgynlais",
]
MARKER = "benchpages"
SEARCHES = ["libraries", "llyfrgelloedd", "Tregaron", "Machynlleth ferry", "tŷ", "zzz"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--petitions", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=200, help="renders per page measured")
    return parser.parse_args(argv)


def timed(fn, times: int) -> list[float]:
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def summary(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    rate = len(samples) / sum(samples)
    return f"{rate:8,.0f}/s   p50 {q[49] * 1000:6.2f} ms   p95 {q[94] * 1000:6.2f} ms"


def make_petitions(count: int):
    from django.utils import timezone

    from deiseb.petitions.models import Petition

    rng = random.Random(2025)
    now = timezone.now()
    rows = []
    for n in range(count):
        place = rng.choice(PLACES)
        en = " ".join(rng.sample(WORDS_EN, 4)) + f" in {place}"
        cy = " ".join(rng.sample(WORDS_CY, 4)) + f" yn {place}"
        rows.append(
            Petition(
                state=Petition.State.OPEN,
                action_en=f"Improve {en} ({MARKER} {n})"[:100],
                action_cy=f"Gwella {cy} ({MARKER} {n})"[:100],
                background_en=f"People want {en}. {' '.join(rng.sample(WORDS_EN, 8))}.",
                background_cy=f"Mae pobl eisiau {cy}. {' '.join(rng.sample(WORDS_CY, 8))}.",
                creator_name="Bench",
                creator_email="bench@example.com",
                creator_postcode="CF101AA",
                creator_address="Bench",
                creator_phone="0",
                duration_days=90,
                referral_threshold=250,
                debate_threshold=10_000,
                signature_count=rng.randint(0, 5000),
                opened_at=now,
                closes_at=now + timezone.timedelta(days=90),
            )
        )
    Petition.objects.bulk_create(rows, batch_size=2000)
    from django.db import connection

    if connection.vendor == "postgresql":  # as autovacuum would, so the planner knows the rows
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE petitions_petition")
    return Petition.objects.filter(action_en__contains=MARKER)


def spread_counts(petition, total: int):
    from deiseb.geography.models import Constituency, Country
    from deiseb.signatures.models import ConstituencyCount, CountryCount

    seats = list(Constituency.objects.all()[:40])
    for seat in seats:
        ConstituencyCount.objects.create(
            petition=petition, constituency=seat, count=total // (2 * max(1, len(seats)))
        )
    CountryCount.objects.create(petition=petition, country_id=Country.WALES, count=total // 2)
    CountryCount.objects.create(petition=petition, country_id=Country.ENGLAND, count=total // 2)
    petition.signature_count = total
    petition.save(update_fields=["signature_count"])
    return len(seats)


def measure_page(client, path: str, times: int) -> tuple[str, int]:
    from django.db import connection

    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return summary(timed(lambda: client.get(path), times)), len(statements)


def search_plan(query: str) -> str:
    from django.db import connection

    from deiseb.petitions.models import Petition

    if connection.vendor != "postgresql":
        return "SQLite: substring match on every row (no index)"
    sql, params = Petition.objects.published().search(query)[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    return "GIN index used" if "petition_search_vector_gin" in plan else "sequential scan"


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DEISEB_PLAIN_STATIC", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deiseb.settings")
    how, scratch = prepare_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from deiseb.petitions.models import Petition

    call_command("migrate", verbosity=0)
    call_command("import_geography", "--if-empty", verbosity=0)
    print(f"database: {how}")
    for name, value in machine_facts():
        print(f"{name}: {value}")

    started = time.perf_counter()
    petitions = make_petitions(args.petitions)
    elapsed = time.perf_counter() - started
    print(f"\n{args.petitions:,} published petitions created in {elapsed:.1f} s")
    try:
        small, big = petitions.order_by("pk")[:2]
        small.signature_count = 1
        small.save(update_fields=["signature_count"])
        seats = spread_counts(big, 1_000_000)
        client = Client()
        print(f"\n1. Petition page ({args.requests} renders each)")
        for label, petition in (("1 signature", small), (f"1,000,000 over {seats} seats", big)):
            for language in ("en", "cy"):
                with translation.override(language):
                    path = reverse("petitions:detail", args=[petition.pk])
                figures, queries = measure_page(client, path, args.requests)
                print(f"   {label:<28} {language}  {figures}   {queries} queries")

        print(f"\n2. Open list ({args.requests} renders each)")
        last_page = max(1, args.petitions // 20)
        for page in (1, last_page):
            figures, queries = measure_page(
                client, f"/en/petitions/?state=open&page={page}", args.requests
            )
            print(f"   page {page:<6,}                  {figures}   {queries} queries")

        print(f"\n3. Search over {Petition.objects.published().count():,} petitions (first 20)")
        for query in SEARCHES:
            samples = timed(lambda q=query: list(Petition.objects.published().search(q)[:20]), 50)
            hits = Petition.objects.published().search(query).count()
            print(f"   {query!r:<22} {hits:>7,} hits  {summary(samples)}   {search_plan(query)}")
    finally:
        deleted, _ = petitions.delete()
        print(f"\ndeleted {deleted:,} rows made by this benchmark")
        if scratch:
            scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
