"""How fast can one petition be signed, and what does keeping its count cost?

Deiseb counts in batches (deiseb/signatures/counting.py) instead of bumping the petition's row
once per signature, because that one row serialises every signer: it is the contention that
took petition.parliament.uk down in 2016 and 2019. This measures the three designs with N
writer threads on one open petition, each thread with its own database connection:

  A  insert a confirmed signature, nothing else (the ceiling);
  B  insert + `UPDATE petitions_petition SET signature_count = signature_count + 1` in the same
     transaction (the design we avoid);
  C  insert, while a background thread runs the real count_signatures() every --interval
     seconds (the design we use), then one last run and a check that the count is exact.

Usage:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/deiseb_bench python bench/counting.py
  python bench/counting.py --writers 8 --seconds 3      # no DATABASE_URL: a temporary SQLite

On PostgreSQL it creates the named database if it is missing and migrates it; it deletes the
petitions it made (and so their signatures) at the end and drops nothing. Times are printed,
never asserted: they depend on the machine, and on whatever else is using the server.
"""

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

SCENARIOS = {
    "A": "insert only (no counting)",
    "B": "insert + UPDATE petition count +1",
    "C": "insert, batched counter every {interval:g} s",
}


@dataclass
class Result:
    key: str
    signatures: int
    seconds: float
    latencies: list[float]
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.signatures / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        """Latency percentile in ms; `quantiles` needs two points, so fewer gives the one."""
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=32, help="concurrent writer threads")
    parser.add_argument("--seconds", type=float, default=10, help="duration of each scenario")
    parser.add_argument(
        "--interval",
        type=float,
        default=1.0,
        help="seconds between counter runs in C (production: COUNT_INTERVAL, 5 s); short here "
        "so a short bench still sees several runs",
    )
    parser.add_argument("--scenarios", default="ABC", help="which of A, B, C to run, in order")
    return parser.parse_args(argv)


def prepare_database() -> tuple[str, tempfile.TemporaryDirectory | None]:
    """Point Django at a database of our own: the DATABASE_URL one, or a temporary SQLite file.

    Runs before django.setup(), because settings read DATABASE_URL when imported.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        scratch = tempfile.TemporaryDirectory(prefix="deiseb-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(scratch.name) / 'bench.sqlite3'}"
        return "created a temporary SQLite file", scratch
    if url.startswith(("postgres://", "postgresql://")):
        return create_postgres_database(url), None
    return "using DATABASE_URL as it is", None


def create_postgres_database(url: str) -> str:
    """CREATE DATABASE if it is missing, via the server's `postgres` maintenance database."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    params = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }
    name = config["NAME"]
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return f"using existing database {name}"
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return f"created database {name}"


def machine_facts() -> list[tuple[str, str]]:
    import django
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW synchronous_commit")
            sync = cursor.fetchone()[0]
            cursor.execute("SHOW max_connections")
            max_connections = cursor.fetchone()[0]
        settings = connection.settings_dict
        database = (
            f"PostgreSQL {version} at {settings['HOST']}:{settings['PORT']}/{settings['NAME']} "
            f"(synchronous_commit={sync}, max_connections={max_connections})"
        )
    else:
        database = (
            f"SQLite {sqlite3.sqlite_version} (WAL). SQLite serialises writers on one database "
            f"lock: more writers add no throughput, and B against A shows the cost of one more "
            f"statement, not row-lock contention"
        )
    return [
        ("database", database),
        ("machine", f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}"),
        (
            "software",
            f"Python {platform.python_version()}, Django {django.get_version()}, "
            f"client threads share one GIL",
        ),
    ]


def make_petition(label: str):
    from django.utils import timezone

    from deiseb.petitions.models import Petition

    now = timezone.now()
    return Petition.objects.create(
        state=Petition.State.OPEN,
        action_en=f"Benchmark petition {label}",
        action_cy=f"Deiseb meincnod {label}",
        background_en="Made by bench/counting.py; deleted when it finishes.",
        background_cy="Gwnaed gan bench/counting.py; caiff ei dileu ar y diwedd.",
        creator_name="Bench",
        creator_email="bench@example.com",
        creator_postcode="CF101AA",
        creator_address="Bench",
        creator_phone="0",
        duration_days=90,
        referral_threshold=250,
        debate_threshold=10_000,
        validated_at=now,
        sponsored_at=now,
        opened_at=now,
        closes_at=now + timezone.timedelta(days=90),
    )


def run_writers(key: str, petition, writers: int, seconds: float, counter=None) -> Result:
    """N threads insert confirmed signatures for `seconds`, released together by a barrier.

    Latency is one whole transaction (one signature), measured by the thread that made it.
    """
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone

    from deiseb.geography.models import Country
    from deiseb.petitions.models import Petition
    from deiseb.signatures.models import Signature

    run = uuid.uuid4().hex[:8]
    barrier = threading.Barrier(writers + 1)
    latencies: list[list[float]] = [[] for _ in range(writers)]
    errors: list[str] = []
    deadline = [0.0]

    def write(index: int) -> None:
        mine = latencies[index]
        try:
            barrier.wait()
            n = 0
            while time.perf_counter() < deadline[0]:
                email = f"bench-{run}-{index}-{n}@example.com"
                started = time.perf_counter()
                with transaction.atomic():
                    Signature.objects.create(
                        petition_id=petition.pk,
                        state=Signature.State.VALIDATED,
                        name=f"Bench {index} {n}",
                        email=email,
                        canonical_email=email,
                        postcode="CF101AA",
                        country_id=Country.WALES,
                        validated_at=timezone.now(),
                    )
                    if key == "B":
                        Petition.objects.filter(pk=petition.pk).update(
                            signature_count=F("signature_count") + 1
                        )
                mine.append(time.perf_counter() - started)
                n += 1
        except Exception as error:
            errors.append(f"writer {index}: {type(error).__name__}: {error}")
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    if counter:
        counter.start()
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    merged = [latency for mine in latencies for latency in mine]
    return Result(key, len(merged), elapsed, merged, errors)


class Counter:
    """The production counter on a timer: count_signatures() every `interval` seconds."""

    def __init__(self, interval: float):
        self.interval = interval
        self.stop = threading.Event()
        self.runs: list[tuple[int, float]] = []  # (signatures counted, seconds taken)
        self.errors: list[str] = []
        self.thread = threading.Thread(target=self.loop)

    def start(self) -> None:
        self.thread.start()

    def loop(self) -> None:
        from django.db import connection

        from deiseb.signatures.counting import count_signatures

        try:
            while not self.stop.wait(self.interval):
                started = time.perf_counter()
                counted = count_signatures()
                self.runs.append((counted, time.perf_counter() - started))
        except Exception as error:
            self.errors.append(f"counter: {type(error).__name__}: {error}")
        finally:
            connection.close()

    def finish(self) -> None:
        self.stop.set()
        self.thread.join()


def scenario(key: str, args) -> Result:
    from django.db import connection

    from deiseb.signatures.counting import count_signatures
    from deiseb.signatures.models import Signature

    petition = make_petition(key)
    counter = Counter(args.interval) if key == "C" else None
    result = run_writers(key, petition, args.writers, args.seconds, counter)
    rows = Signature.objects.filter(petition=petition).count()
    if counter:
        counter.finish()
        result.errors += counter.errors
        started = time.perf_counter()
        last = count_signatures()
        last_took = time.perf_counter() - started
        if counter.runs:
            sizes = [n for n, _ in counter.runs]
            took = [t * 1000 for _, t in counter.runs]
            result.notes.append(
                f"counter: {len(counter.runs)} runs during the writes, "
                f"{min(sizes):,}-{max(sizes):,} signatures per run "
                f"(mean {statistics.mean(sizes):,.0f}), "
                f"{min(took):.0f}-{max(took):.0f} ms per run (mean {statistics.mean(took):.0f} ms, "
                f"{statistics.mean(t / n * 1e6 for n, t in counter.runs if n):.0f} us/signature)"
                if any(sizes)
                else f"counter: {len(counter.runs)} runs during the writes, none found work"
            )
        else:
            result.notes.append(
                "counter: no run during the writes (interval longer than --seconds)"
            )
        result.notes.append(
            f"last run after the writes: {last:,} signatures in {last_took * 1000:.0f} ms"
        )
    petition.refresh_from_db()
    if key in "BC":
        verdict = "exact" if petition.signature_count == rows == result.signatures else "WRONG"
        result.notes.append(
            f"petition count {petition.signature_count:,}, rows {rows:,}, "
            f"writers' tally {result.signatures:,}: {verdict}"
        )
    petition.delete()
    connection.close()
    return result


def print_table(results: list[Result], args) -> None:
    print()
    print(f"{'':2} {'scenario':<40} {'signatures':>10} {'sig/s':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for result in results:
        label = SCENARIOS[result.key].format(interval=args.interval)
        print(
            f"{result.key:<2} {label:<40} {result.signatures:>10,} {result.rate:>9,.0f} "
            f"{result.percentile(50):>8.1f} {result.percentile(95):>8.1f}"
        )
    for result in results:
        for note in result.notes:
            print(f"{result.key}: {note}")
        for error in result.errors[:5]:
            print(f"{result.key}: ERROR {error}")
        if len(result.errors) > 5:
            print(f"{result.key}: ... and {len(result.errors) - 5} more errors")
    rates = {result.key: result.rate for result in results}
    if rates.get("A") and rates.get("B"):
        b_share, c_share = rates["B"] / rates["A"], rates.get("C", 0) / rates["A"]
        print(f"B runs at {b_share:.0%} of A's rate; C at {c_share:.0%}")


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deiseb.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    how, scratch = prepare_database()

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from django.conf import settings

    print("Deiseb counting benchmark (bench/counting.py)")
    for label, value in machine_facts():
        print(f"  {label:<9} {value}")
    print(
        f"  run       {args.writers} writer threads, {args.seconds:g} s per scenario, "
        f"counter every {args.interval:g} s in C (batch size {settings.COUNT_BATCH_SIZE:,}); {how}"
    )
    results = [scenario(key, args) for key in args.scenarios.upper() if key in SCENARIOS]
    print_table(results, args)
    if scratch:
        scratch.cleanup()
    return 1 if any(result.errors for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
