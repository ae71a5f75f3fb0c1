"""The viral day on one box: HTTP load with wrk against gunicorn as production runs it (issue 13).

Goals 2-4: on a fresh bench database (migrated, the open data imported, 1,000 open petitions,
some with counts) it starts gunicorn as `deiseb serve` would (`deiseb.wsgi`, 4 workers x 4
threads, DEISEB_DEMO off, DEBUG off, BEHIND_PROXY with X-Forwarded-Proto: https, as behind the
TLS proxy of docs/deploy/proxy.md) and the two workers, then loads it with wrk on loopback, every
target with the same threads, connections and duration, in one run:

  hello      /health/ (one SELECT 1): the yardstick every figure is divided by
  INSERT     a raw INSERT into signatures_signature: pgbench, a custom script, N clients
  sign       the full sign POST (CSRF cookie and token from one GET of the sign page, a new
             email and address each time): spread over 1,000 petitions, then all on one (goal 3);
             after each, the time the workers take to turn every queued attempt into a row
  confirm    POST each pending signature's confirmation link once (the rows the sign runs made),
             answered by a redirect to the thank-you page, which is read with the pages below
  page, home, count.json, thank-you   the hot petition's page, the home page, its count.json,
             its thank-you page for one constituency

Then, unless --redis on, the same server without REDIS_URL for hello and the reads. Every figure
is printed as a rate and as a ratio to hello, with the goal it should meet and whether it did;
nothing is asserted. Every process it starts is stopped at the end, whatever happens.

Usage:
  .venv/bin/python bench/viral.py                       # about 3 minutes
  .venv/bin/python bench/viral.py --seconds 5 --connections 32 --skip-confirm
  BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/other_bench .venv/bin/python bench/viral.py

The database named by BENCH_DATABASE_URL (default deiseb_viral_bench on 127.0.0.1:5432) is
dropped and made again at the start, and dropped at the end unless --keep-database; Redis
database BENCH_REDIS_URL (default redis://127.0.0.1:6379/12) is emptied before each server.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LUA = BENCH / "lua" / "deiseb.lua"
sys.path[:0] = [str(BENCH), str(REPO)]

from tests.faults.processes import Process, free_port, wait_for  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/deiseb_viral_bench"
# A Redis database number of the bench's own: it is emptied (FLUSHDB) before each server starts.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
WEB_WORKERS, WEB_THREADS = 4, 4

# The goals of issue 13, as (ratio name, comparison, bound).
GOALS = {
    "sign": (">=", 0.3),
    "confirm": (">=", 0.3),
    "hot_throughput": (">=", 0.9),
    "hot_p99": ("<=", 1.5),
    "page": (">=", 0.5),
    "home": (">=", 0.5),
    "count": (">=", 0.8),
}


def parse_args(argv=None, description=None):
    parser = argparse.ArgumentParser(description=description or __doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5, help="duration of each wrk run")
    parser.add_argument("--connections", type=int, default=64, help="wrk -c, every run")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t, every run")
    parser.add_argument(
        "--insert-clients",
        type=int,
        default=WEB_WORKERS * WEB_THREADS,
        help="pgbench clients for the raw INSERT (default: the app's 16 request threads, "
        "which is the most database connections the web tier uses)",
    )
    parser.add_argument("--petitions", type=int, default=1000)
    parser.add_argument(
        "--redis",
        choices=["both", "on", "off"],
        default="both",
        help="run with REDIS_URL, without it (hello and reads only after the first), or both",
    )
    parser.add_argument("--drain-timeout", type=float, default=60, help="seconds, per sign run")
    parser.add_argument("--skip-geography", action="store_true", help="no import_geography")
    parser.add_argument("--skip-insert", action="store_true")
    parser.add_argument("--skip-sign", action="store_true", help="also skips confirm and hot")
    parser.add_argument("--skip-hot", action="store_true", help="no spread-vs-one-petition pair")
    parser.add_argument("--skip-confirm", action="store_true")
    parser.add_argument("--skip-reads", action="store_true")
    parser.add_argument("--keep-database", action="store_true")
    return parser.parse_args(argv)


# --- processes -----------------------------------------------------------------------------


class Stopped(Exception):
    """SIGTERM or SIGHUP: unwind through every `finally`, which stops the children."""


def stop_on_signals() -> None:
    def handler(signum, frame):
        raise Stopped(signal.Signals(signum).name)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, handler)


def database_url(default: str = DEFAULT_DATABASE) -> str:
    return os.environ.get("BENCH_DATABASE_URL", default)


def admin(url: str, *statements: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    maintenance = parts._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def db_name(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


class Site:
    """A production-shaped Deiseb: its environment, database, gunicorn and workers."""

    def __init__(self, workdir: Path, url: str):
        self.workdir, self.url = workdir, url
        self.var = workdir / "var"
        self.var.mkdir()
        self.port = free_port()
        self.children: list[Process] = []
        self.secret = secrets.token_urlsafe(40)
        self.redis = True

    def env(self, **extra) -> dict:
        kept = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(
                ("DEISEB_", "EMAIL_", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG")
            )
        }
        env = {
            **kept,
            "DJANGO_SETTINGS_MODULE": "deiseb.settings",
            "DATABASE_URL": self.url,
            "DEISEB_DEMO": "false",
            "DEBUG": "false",
            "SECRET_KEY": self.secret,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "https://127.0.0.1",
            # TLS ends at the proxy, which says so in X-Forwarded-Proto (docs/deploy/proxy.md).
            "BEHIND_PROXY": "1",
            "DEISEB_VAR_DIR": str(self.var),
            "DEISEB_DATA_DIR": os.environ.get(
                "DEISEB_DATA_DIR", str(REPO.parent / "shared" / "data")
            ),
            # The load comes from one address: a per-connection limit would refuse it.
            "DEISEB_RATE_LIMIT_SIGNING_PER_IP": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
        if self.redis:
            env["REDIS_URL"] = REDIS_URL
        return env

    def run(self, *args: str, timeout: float = 600) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "deiseb", *args],
            env=self.env(),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise RuntimeError(f"deiseb {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def create(self, geography: bool) -> list[str]:
        """A fresh database, migrated, open data imported, static files collected."""
        name = db_name(self.url)
        notes = []
        started = time.perf_counter()
        drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        admin(self.url, drop, f'CREATE DATABASE "{name}"')
        self.run("migrate", "--noinput")
        notes.append(f"created and migrated {name} in {time.perf_counter() - started:.1f} s")
        self.run("collectstatic", "--noinput")
        if geography:
            started = time.perf_counter()
            self.run("import_geography")
            notes.append(f"import_geography in {time.perf_counter() - started:.1f} s")
        return notes

    def django(self) -> None:
        """Point this process's Django at the bench database, with the site's settings."""
        os.environ.update(self.env())
        import django

        django.setup()

    def flush_cache(self) -> None:
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()  # our own DB number only, never FLUSHALL

    def start(self) -> None:
        from deiseb.core.management.commands.serve import web_command, worker_commands

        if self.redis:
            self.flush_cache()
        env = self.env()
        bind = f"127.0.0.1:{self.port}"
        web = web_command(bind, WEB_WORKERS)
        assert web[web.index("--threads") + 1] == str(WEB_THREADS), web
        self.children.append(Process(web, env, self.workdir / "gunicorn.log", "gunicorn"))
        for n, command in enumerate(worker_commands()):
            log = self.workdir / f"worker-{n}.log"
            self.children.append(Process(command, env, log, f"worker {n}"))
        wait_for(self.up, timeout=60, what=f"gunicorn on {bind}", every=0.2)

    def up(self) -> bool:
        for child in self.children:
            if not child.alive():
                raise RuntimeError(f"{child.name} exited:\n{child.tail()}")
        with contextlib.suppress(OSError):
            request = urllib.request.Request(
                self.base + "/health/", headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=2) as answer:
                return answer.status == 200
        return False

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        while self.children:
            self.children.pop().stop(timeout=15)

    def workers(self, signum: int) -> None:
        """SIGSTOP or SIGCONT every worker process: the web tier measured on its own."""
        for child in self.children:
            if child.name.startswith("worker"):
                child.popen.send_signal(signum)

    def check_alive(self) -> None:
        for child in self.children:
            if not child.alive():
                raise RuntimeError(f"{child.name} exited:\n{child.tail()}")


# --- the world -----------------------------------------------------------------------------


def make_world(count: int):
    """`count` open petitions with counts between 0 and 5,000, the first one viral."""
    from public_pages import make_petitions, spread_counts

    petitions = list(make_petitions(count).order_by("pk").values_list("pk", flat=True))
    from deiseb.petitions.models import Petition

    hot = Petition.objects.get(pk=petitions[0])
    spread_counts(hot, 250_000)
    return petitions


def csrf(url: str, path: str, headers: dict) -> tuple[str, str]:
    """GET a page with a form once: its CSRF cookie and the form's token."""
    request = urllib.request.Request(url + path, headers=headers)
    context = None
    if url.startswith("https"):
        import ssl

        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with urllib.request.urlopen(request, timeout=10, context=context) as answer:
        cookie = SimpleCookie()
        for header in answer.headers.get_all("Set-Cookie") or []:
            cookie.load(header)
        page = answer.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return cookie["csrftoken"].value, token


# --- load ----------------------------------------------------------------------------------


@dataclass
class Load:
    label: str
    requests: int = 0
    seconds: float = 0.0
    ok: int = 0
    p50: float = 0.0  # ms
    p99: float = 0.0
    statuses: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> int:
        return (
            self.requests - self.ok + sum(v for k, v in self.errors.items() if k not in ("status",))
        )


def wrk(
    label: str,
    base: str,
    mode: str,
    lines: list[str],
    args,
    workdir: Path,
    *,
    ok_status: int = 200,
    token: str = "",
    run: str = "",
    headers: dict | None = None,
    connections: int | None = None,
    seconds: float | None = None,
    extra_env: dict | None = None,
) -> Load:
    """One wrk run of bench/lua/deiseb.lua; its figures from the script's done() line."""
    listing = workdir / f"{label.replace(' ', '-').replace('/', '_')}.txt"
    listing.write_text("\n".join(lines) + "\n")
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{connections or args.connections}",
        f"-d{seconds or args.seconds:g}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command += [base + "/", "--", mode, str(listing), token, run or "r", str(args.threads)]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=(seconds or args.seconds) + 120,
        env={**os.environ, **(extra_env or {})},
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("DEISEB ")), None)
    if line is None:
        raise RuntimeError(f"wrk {label} printed no figures:\n{done.stdout}\n{done.stderr}")
    data = json.loads(line[len("DEISEB ") :])
    statuses = {int(k): v for k, v in data["statuses"].items()}
    return Load(
        label=label,
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        ok=statuses.get(ok_status, 0),
        p50=data["p50_us"] / 1000,
        p99=data["p99_us"] / 1000,
        statuses=statuses,
        errors={k: v for k, v in data["errors"].items() if v},
    )


def pgbench(url: str, petition_id: int, clients: int, seconds: float, workdir: Path) -> Load:
    """pgbench with a one-statement script: a pending signature, as the worker's INSERT makes."""
    script = workdir / "insert.sql"
    script.write_text(
        "WITH u AS (SELECT replace(gen_random_uuid()::text, '-', '') AS u)\n"
        "INSERT INTO signatures_signature (petition_id, kind, state, name, email, "
        "canonical_email, slot, postcode, country_id, email_domain, disposable, ip_address, "
        "notify_by_email, language, token, created_at) "
        f"SELECT {petition_id}, 'signer', 'pending', 'Raw Insert', 'raw-' || u || '@example.com', "
        "'raw-' || u || '@example.com', 1, '', 'FR', 'example.com', false, '10.9.9.9', false, "
        "'en', u, now() FROM u;\n"
    )
    parts = urllib.parse.urlsplit(url)
    command = [
        "/usr/lib/postgresql/15/bin/pgbench",
        "-n",
        "-f",
        str(script),
        "-c",
        str(clients),
        "-j",
        "2",
        "-T",
        str(max(1, round(seconds))),
        "-h",
        parts.hostname or "127.0.0.1",
        "-p",
        str(parts.port or 5432),
        "-U",
        parts.username or "postgres",
        db_name(url),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    out = done.stdout + done.stderr
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    count = re.search(r"number of transactions actually processed: (\d+)", out)
    latency = re.search(r"latency average = ([\d.]+) ms", out)
    if not tps:
        raise RuntimeError(f"pgbench printed no tps:\n{out}")
    load = Load(label=f"raw INSERT (pgbench, {clients} clients)")
    load.ok = load.requests = int(count.group(1)) if count else 0
    load.seconds = load.ok / float(tps.group(1)) if float(tps.group(1)) else 0
    load.p50 = float(latency.group(1)) if latency else 0  # pgbench gives the mean
    load.notes.append("latency is pgbench's mean, not p50")
    return load


def drain(prefix: str, expected: int, timeout: float) -> tuple[int, float]:
    """Wait until the workers have made a row for every attempt; (rows, seconds taken)."""
    from django.db import connection

    started = time.monotonic()
    last, last_change = -1, started
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM signatures_signature WHERE email LIKE %s", [prefix + "-%"]
            )
            rows = cursor.fetchone()[0]
        now = time.monotonic()
        if rows != last:
            last, last_change = rows, now
        if rows >= expected or now - started > timeout or now - last_change > 30:
            return rows, now - started
        time.sleep(0.2)


def failed_tasks() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="FAILED").count()


# --- the report ----------------------------------------------------------------------------


def goal_text(key: str, value: float) -> str:
    if key not in GOALS:
        return "no goal of its own"
    op, bound = GOALS[key]
    met = value >= bound if op == ">=" else value <= bound
    return f"goal {op} {bound:g}x: {'met' if met else 'NOT met'}"


def print_row(load: Load, hello: Load | None, goal: str | None = None, extra: str = "") -> None:
    ratio = load.rate / hello.rate if hello and hello.rate else 0
    text = f"  {load.label:<44} {load.rate:>9,.0f}/s {ratio:>7.3f}x  p50 {load.p50:7.1f} ms"
    text += f"  p99 {load.p99:7.1f} ms" if load.p99 else f"  p99 {'-':>7} ms"
    if goal:
        text += f"  {goal_text(goal, ratio)}"
    print(text + extra)
    bad = {k: v for k, v in load.statuses.items() if k not in (200, 302)}
    if bad or load.errors:
        print(f"  {'':<44} statuses {load.statuses} socket errors {load.errors}")
    for note in load.notes:
        print(f"  {'':<44} {note}")


def machine_lines(url: str) -> list[str]:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SHOW synchronous_commit")
        sync = cursor.fetchone()[0]
        cursor.execute("SHOW max_connections")
        max_connections = cursor.fetchone()[0]
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()
    load1, load5, _ = os.getloadavg()
    return [
        f"machine    {os.cpu_count()} cores (load average {load1:.2f}, {load5:.2f} at the start: "
        f"shared with other work, so figures are noisy), wrk {wrk_version[1]}",
        f"database   PostgreSQL {version.split()[0]} at {urllib.parse.urlsplit(url).netloc}/"
        f"{db_name(url)}, synchronous_commit={sync}, max_connections={max_connections}",
        f"software   Python {sys.version.split()[0]}, Django {django.get_version()}, gunicorn "
        f"deiseb.wsgi {WEB_WORKERS} workers x {WEB_THREADS} threads, DEISEB_DEMO=false, "
        f"DEBUG off, BEHIND_PROXY, 2 workers (counting; the rest)",
    ]


def measure_pass(site: Site, args, workdir: Path, petitions: list[int], *, full: bool) -> dict:
    """One server's figures: hello always, then (full) INSERT, sign, confirm, then the reads."""
    from django.db import connection

    from deiseb.signatures.models import Signature

    base = site.base
    proto = {"X-Forwarded-Proto": "https"}
    hot = petitions[0]
    results = {}
    results["hello"] = wrk(
        "hello view /health/", base, "get", ["/health/"], args, workdir, headers=proto
    )
    hello = results["hello"]
    print_row(hello, hello)

    if full and not args.skip_insert:
        results["insert"] = pgbench(site.url, hot, args.insert_clients, args.seconds, workdir)
        print_row(results["insert"], hello)
        # Its rows go, and the table is vacuumed, so the sign runs next do not pay for them
        # (autovacuum's pass over tens of thousands of new rows, in the middle of the first).
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM signatures_signature WHERE name = 'Raw Insert'")
            cursor.execute("VACUUM ANALYZE signatures_signature")

    if full and not args.skip_sign:
        cookie, token = csrf(base, f"/en/petitions/{hot}/sign/", proto)
        post = {
            **proto,
            "Cookie": f"csrftoken={cookie}",
            "Origin": f"https://127.0.0.1:{site.port}",
        }
        run_id = secrets.token_hex(3)
        runs = [("hot", [hot], "sign POST, all on one petition")]
        if not args.skip_hot:
            runs.insert(0, ("spread", petitions, f"sign POST, over {len(petitions):,} petitions"))
        # The web tier alone: on one box the workers recording attempts share its two cores;
        # past one box they run elsewhere, and the queue holds what they have not yet done.
        runs.append(("alone", [hot], "sign POST, one petition, workers paused"))
        for key, targets, label in runs:
            prefix = f"{key}{run_id}"
            paths = [f"/en/petitions/{pk}/sign/" for pk in targets]
            if key == "alone":
                site.workers(signal.SIGSTOP)
            try:
                load = wrk(label, base, "sign", paths, args, workdir, ok_status=302,
                           token=token, run=prefix, headers=post)  # fmt: skip
            finally:
                if key == "alone":
                    site.workers(signal.SIGCONT)
            rows, took = drain(prefix, load.ok, args.drain_timeout)
            load.notes.append(
                f"{load.ok:,} answered 302; the workers made {rows:,} rows of them, the last "
                f"{took:.1f} s after the load ended ({load.ok / (args.seconds + took):,.0f}/s "
                f"attempts recorded overall)"
                + (": NOT ALL" if rows < load.ok else "")
                + (
                    f" ({rows - load.ok} more rows than 302s: answers still in flight as wrk "
                    "stopped)"
                    if rows > load.ok
                    else ""
                )
            )
            results[key] = load
            print_row(load, hello, "sign" if key in ("hot", "alone") else None,
                      f"  {load.rate / results['insert'].rate:.3f}x raw INSERT"
                      if "insert" in results and results["insert"].rate else "")  # fmt: skip
        site.check_alive()
        failures = failed_tasks()
        if failures:
            print(f"  {failures} tasks FAILED (see the worker logs in {workdir})")

        if not args.skip_confirm:
            pending = list(
                Signature.objects.filter(email__startswith=f"hot{run_id}-", state="pending")
                .values_list("token", flat=True)
                .order_by("pk")
            ) + list(
                Signature.objects.filter(email__startswith=f"spread{run_id}-", state="pending")
                .values_list("token", flat=True)
                .order_by("pk")
            )
            paths = [f"/en/signatures/{t}/confirm/" for t in pending]
            # Answered by the redirect to the thank-you page all the petition's signers in one
            # constituency share: it is read below, as a signer's browser reads it next.
            load = wrk("confirm POST (each link once)", base, "confirm", paths, args, workdir,
                       token=token, headers=post, ok_status=302)  # fmt: skip
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM signatures_signature WHERE email LIKE %s "
                    "AND validated_at IS NOT NULL",
                    [f"%{run_id}-%"],
                )
                confirmed = cursor.fetchone()[0]
            load.notes.append(
                f"{len(paths):,} pending links from the sign runs; {confirmed:,} now confirmed"
                + (
                    ": the links ran out before the time did (the rate is over the time used)"
                    if load.requests >= len(paths)
                    else ""
                )
            )
            results["confirm"] = load
            print_row(load, hello, "confirm")

    if not args.skip_reads:
        reads = [
            ("page", f"/en/petitions/{hot}/", "petition page (the viral one)"),
            ("home", "/en/", "home page"),
            ("count", f"/petitions/{hot}/count.json", "count.json (the viral one)"),
            ("thanks", f"/en/petitions/{hot}/sign/thank-you/?area=W09000053", "thank-you page"),
        ]
        for key, path, label in reads:
            results[key] = wrk(label, base, "get", [path], args, workdir, headers=proto)
            print_row(results[key], hello, key)
    return results


def summary(results: dict) -> None:
    hello = results.get("hello")
    if not hello or not hello.rate:
        return
    print("\n  ratio                                        measured   goal")
    rows = []
    for key, label in (
        ("hot", "sign POST / hello"),
        ("alone", "sign POST, workers paused / hello"),
        ("confirm", "confirm POST / hello"),
    ):
        if key in results:
            goal = "sign" if key in ("hot", "alone") else key
            rows.append((label, results[key].rate / hello.rate, goal))
    if "hot" in results and "insert" in results and results["insert"].rate:
        ratio = results["hot"].rate / results["insert"].rate
        print(f"  {'sign POST / raw INSERT':<44} {ratio:>8.3f}x")
    if "hot" in results and "spread" in results and results["spread"].rate:
        hot, spread = results["hot"], results["spread"]
        rows.append(("one petition / spread, throughput", hot.rate / spread.rate, "hot_throughput"))
        rows.append(("one petition / spread, p99 latency", hot.p99 / spread.p99, "hot_p99"))
    for key, label in (
        ("page", "petition page"),
        ("home", "home"),
        ("count", "count.json"),
        ("thanks", "thank-you page"),
    ):
        if key in results:
            rows.append((f"{label} / hello", results[key].rate / hello.rate, key))
    for label, value, goal in rows:
        print(f"  {label:<44} {value:>8.3f}x   {goal_text(goal, value)}")


def main(argv=None) -> int:
    args = parse_args(argv)
    stop_on_signals()
    url = database_url()
    workdir = Path(tempfile.mkdtemp(prefix="deiseb-viral-"))
    site = Site(workdir, url)
    started = time.perf_counter()
    created = False
    try:
        print("Deiseb viral-day HTTP benchmark (bench/viral.py), issue 13 goals 2-4")
        notes = site.create(geography=not args.skip_geography)
        created = True
        site.django()
        made = time.perf_counter()
        petitions = make_world(args.petitions)
        notes.append(f"{len(petitions):,} open petitions in {time.perf_counter() - made:.1f} s")
        for line in machine_lines(url):
            print(f"  {line}")
        print(
            f"  load       wrk -t{args.threads} -c{args.connections} -d{args.seconds:g}s on "
            f"loopback for every HTTP target; {'; '.join(notes)}"
        )
        passes = [True, False] if args.redis == "both" else [args.redis == "on"]
        all_results = []
        for n, redis in enumerate(passes):
            site.redis = redis
            site.start()
            full = n == 0
            what = "" if full else " (hello and the reads only)"
            print(f"\n{'With' if redis else 'Without'} REDIS_URL{what}: {site.base}")
            print(f"  {'target':<44} {'rate':>11} {'x hello':>8}")
            try:
                results = measure_pass(site, args, workdir, petitions, full=full)
            finally:
                site.stop()
            summary(results)
            all_results.append(results)
        print(f"\ndone in {time.perf_counter() - started:.0f} s; logs in {workdir}")
        return 0
    except (KeyboardInterrupt, Stopped) as stop:
        print(f"\nstopped ({stop or 'interrupted'}); logs in {workdir}")
        return 130
    finally:
        site.stop()
        if created and not args.keep_database:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
                name = db_name(url)
                admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
