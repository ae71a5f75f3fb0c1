"""Email at scale: one update to every signer of a petition, through the real queue and workers.

It bulk-inserts N confirmed signatures that asked for updates on one petition, starts Postfix's
`smtp-sink` on a free port (each message appended to a dump file, so every delivery is counted
by recipient), starts real `deiseb worker` processes pointed at it, presses the clerk's button
(`email_signers`, a debate scheduled) and times until every email row is sent. Then:

  kill   the same again for a second debate, while an email worker is killed with SIGKILL
         --kills times mid-way, each time one holding a claimed delivery batch if there is one
         within 10 s (a fresh worker started each time): every recipient counted in the sink's
         dump, duplicates and losses reported as found;
  plain  the first run's messages, built before the clock starts, sent by smtplib over one
         connection to a fresh sink with the same options (the ceiling of a Python client),
         and the same with each message built by the stdlib's email package inside the loop;
  rss    the email workers' peak RSS (VmHWM) against a bare `django.setup()` process.

It prints the rates, the ratios, the extrapolation to 1,000,000 signers (linear, with the rate
of the first and last tenth to show whether it holds), duplicates, and RSS. It asserts nothing.

Usage:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/deiseb_bench python bench/email_fanout.py
  python bench/email_fanout.py --signers 10000 --kills 3     # no DATABASE_URL: temporary SQLite

On PostgreSQL it creates the named database if it is missing and migrates it; it deletes what
it made at the end (petition, signatures, emails, tasks) and drops nothing.
"""

import argparse
import collections
import os
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from counting import machine_facts, make_petition, prepare_database

REPO = Path(__file__).resolve().parents[1]
SINK = "/usr/sbin/smtp-sink"
RCPT = re.compile(rb"^X-Rcpt-Args: <([^>]*)>", re.MULTILINE)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signers", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="email worker processes")
    parser.add_argument("--kills", type=int, default=3, help="SIGKILLs in the second run")
    parser.add_argument(
        "--batch", type=int, default=500, help="DEISEB_NOTIFICATION_BATCH_SIZE for the workers"
    )
    parser.add_argument("--welsh", type=float, default=0.2, help="share of signers in Welsh")
    return parser.parse_args(argv)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """smtp-sink on its own port, appending every message it accepts to one dump file."""

    def __init__(self, workdir: Path, name: str):
        self.port, self.dump = free_port(), workdir / f"{name}.mbox"
        self._seen, self._offset, self._tail = 0, 0, b""  # what delivered() has read so far
        user = ["-u", "nobody"] if os.geteuid() == 0 else []
        self.popen = subprocess.Popen(
            [SINK, *user, "-D", str(self.dump), f"127.0.0.1:{self.port}", "1024"]
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def delivered(self) -> int:
        """Messages in the dump so far, reading only what was appended since the last call:
        the bench watches progress here, not by COUNT(*) over the email table, which took
        0.3 s of PostgreSQL's CPU a time on 200,000 rows and so competed with the queue."""
        if self.dump.exists():
            with self.dump.open("rb") as dump:
                dump.seek(self._offset)
                chunk = self._tail + dump.read()
            self._offset += len(chunk) - len(self._tail)
            cut = chunk.rfind(b"\n") + 1
            self._seen += len(RCPT.findall(chunk, 0, cut))
            self._tail = chunk[cut:]
        return self._seen

    def received(self) -> collections.Counter:
        """Messages per recipient in the dump, read in chunks (it can be gigabytes)."""
        counts, tail = collections.Counter(), b""
        if not self.dump.exists():
            return counts
        with self.dump.open("rb") as dump:
            while chunk := dump.read(1 << 24):
                chunk = tail + chunk
                cut = chunk.rfind(b"\n") + 1
                counts.update(m.decode() for m in RCPT.findall(chunk, 0, cut))
                tail = chunk[cut:]
        return counts

    def stop(self) -> collections.Counter:
        self.popen.send_signal(signal.SIGTERM)
        self.popen.wait(timeout=10)
        counts = self.received()
        self.dump.unlink(missing_ok=True)
        return counts


def worker_env(sink: Sink, batch: int) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEISEB_", "EMAIL_", "PYTEST"))
    }
    return {
        **env,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "DEISEB_NOTIFICATION_BATCH_SIZE": str(batch),
        "DEISEB_PLAIN_STATIC": "1",
        "LOG_LEVEL": "WARNING",
        # Short, in production's shape, so a killed worker's claims come back within seconds.
        "DEISEB_WORKER_HEARTBEAT_INTERVAL": "1",
        "DEISEB_WORKER_LOST_AFTER": "3",
        "DEISEB_WORKER_REAP_INTERVAL": "1",
        "DEISEB_DATA_DIR": os.environ.get("DEISEB_DATA_DIR", str(REPO.parent / "shared" / "data")),
    }


class Workers:
    """One worker for the other queues (it runs the schedule: reaper, sweeps), N for email."""

    def __init__(self, workdir: Path, env: dict, count: int):
        self.workdir, self.env, self.peaks = workdir, env, []
        self.others = self._start("others", "--queues", "default,signing,counting")
        self.email = [
            self._start("email", "--queues", "email", "--no-scheduler") for _ in range(count)
        ]

    def _start(self, name: str, *args: str) -> subprocess.Popen:
        log = (self.workdir / f"{name}.log").open("ab")
        deiseb = REPO / ".venv" / "bin" / "deiseb"
        command = [str(deiseb)] if deiseb.exists() else [sys.executable, "-m", "deiseb"]
        return subprocess.Popen(
            [*command, "worker", *args], env=self.env, cwd=REPO, stdout=log, stderr=log
        )

    def kill_one(self, prefer: set[int]) -> int:
        """SIGKILL an email worker, one in the middle of a delivery batch if there is one."""
        victim = next((p for p in self.email if p.pid in prefer), self.email[0])
        self.email.remove(victim)
        self.peaks.append(peak_rss(victim.pid))
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        self.email.append(self._start("email", "--queues", "email", "--no-scheduler"))
        return victim.pid

    def stop(self) -> list[int]:
        self.peaks += [peak_rss(process.pid) for process in self.email]
        for process in [*self.email, self.others]:
            process.terminate()
        for process in [*self.email, self.others]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return self.peaks


def peak_rss(pid: int) -> int:
    """VmHWM in kB: the most resident memory the process has had."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def bare_django_rss(env: dict) -> int:
    code = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'deiseb.settings');"
        "django.setup(); from django.db import connection; connection.ensure_connection();"
        "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip())


def make_signers(petition, n: int, welsh: float, run: str) -> None:
    from django.utils import timezone

    from deiseb.geography.models import Country
    from deiseb.signatures.models import Signature

    now, every = timezone.now(), max(1, round(1 / welsh)) if welsh else 0
    for start in range(0, n, 5000):
        rows = []
        for i in range(start, min(n, start + 5000)):
            email = f"signer{i}-{run}@example.com"
            rows.append(
                Signature(
                    petition_id=petition.pk,
                    state=Signature.State.VALIDATED,
                    name=f"Signer {i}",
                    email=email,
                    canonical_email=email,
                    email_domain="example.com",
                    postcode="CF101AA",
                    country_id=Country.WALES,
                    notify_by_email=True,
                    language="cy" if every and i % every == 0 else "en",
                    validated_at=now,
                    created_at=now,
                )
            )
        Signature.objects.bulk_create(rows)


def make_debate(petition, label: str):
    from django.utils import timezone

    from deiseb.parliament.models import Debate

    debate = Debate.objects.create(
        date=timezone.localdate() + timezone.timedelta(days=7),
        title_en=f"Petition debate: benchmark {label}",
        title_cy=f"Dadl ddeiseb: meincnod {label}",
        kind=Debate.Kind.PETITION,
    )
    debate.petitions.add(petition)
    return debate


def fan_out(debate, n: int, workers: Workers | None, kills: int, sink: Sink) -> dict:
    """Press the button; wait until every row is sent, killing a worker at even points.

    Progress is what the sink has received; the end is every row marked sent as well."""
    from django.utils import timezone

    from deiseb.core.models import OutboundEmail
    from deiseb.notifications.models import PetitionUpdate
    from deiseb.notifications.services import email_signers

    sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT, kind="debate_scheduled")
    before, since, received = sent.count(), timezone.now(), sink.delivered()
    began = time.monotonic()
    (update,) = email_signers(debate, PetitionUpdate.Kind.DEBATE_SCHEDULED)
    marks, killed, in_hand, tenths, aim_since = [], [], 0, {}, None
    targets = [n * (k + 1) // (kills + 1) for k in range(kills)]
    while True:
        done = sink.delivered() - received
        if done >= n:
            done = sent.count() - before
        elapsed = time.monotonic() - began
        for tenth in (1, 9, 10):
            if done >= n * tenth // 10 and tenth not in tenths:
                tenths[tenth] = elapsed
        if targets and done >= targets[0]:
            aim_since = aim_since or time.monotonic()
            busy = sending_pids()
            if not busy and time.monotonic() - aim_since < 10:
                time.sleep(0.005)
                continue
            targets.pop(0)
            aim_since = None
            pid = workers.kill_one(busy)
            sending = OutboundEmail.objects.filter(
                status=OutboundEmail.Status.SENDING, claimed_by__contains=f":{pid}:"
            ).count()
            in_hand += sending
            killed.append((done, sending))
        if done >= n:
            break
        if elapsed > 3600:
            raise SystemExit(f"gave up after an hour with {done:,} of {n:,} sent")
        time.sleep(0.05)
        marks.append(done)
    elapsed = time.monotonic() - began
    update.refresh_from_db()
    return {
        "busy": task_time(since),
        "seconds": elapsed,
        "rate": n / elapsed,
        "first_tenth": (n / 10) / tenths[1],
        "last_tenth": (n / 10) / (tenths[10] - tenths[9]) if tenths[10] > tenths[9] else 0,
        "killed": killed,
        "in_hand": in_hand,
        "update_sent": update.is_sent,
    }


def sending_pids() -> set[int]:
    """The workers holding claimed rows right now (a claim names host:pid:random)."""
    from deiseb.core.models import OutboundEmail

    claims = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING)
    return {
        int(claim.split(":")[1])
        for claim in claims.values_list("claimed_by", flat=True).distinct()
        if claim.count(":") == 2
    }


def task_time(since) -> dict:
    """Tasks run since then, by name: how many, and the seconds their workers spent in them."""
    from django_tasks_db.models import DBTaskResult

    busy = collections.defaultdict(lambda: [0, 0.0])
    finished = DBTaskResult.objects.filter(enqueued_at__gte=since, finished_at__isnull=False)
    for path, started, ended in finished.values_list("task_path", "started_at", "finished_at"):
        name = path.rsplit(".", 1)[-1]
        busy[name][0] += 1
        busy[name][1] += (ended - started).total_seconds()
    return dict(busy)


def plain_smtplib(rows: list, workdir: Path) -> dict:
    """smtplib, one connection: the same messages, prebuilt; then built in the loop."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText
    from email.utils import formatdate, make_msgid

    from django.conf import settings

    from deiseb.core.emails import message_for

    prebuilt = [(row.to, message_for(row).message().as_bytes(linesep="\r\n")) for row in rows]
    sender = settings.DEFAULT_FROM_EMAIL
    results = {}
    sink = Sink(workdir, "plain")
    try:
        smtp = smtplib.SMTP("127.0.0.1", sink.port)
        began = time.perf_counter()
        for to, data in prebuilt:
            smtp.sendmail(sender, [to], data)
        results["prebuilt"] = len(prebuilt) / (time.perf_counter() - began)
        smtp.quit()
    finally:
        counts = sink.stop()
    results["prebuilt_received"] = sum(counts.values())
    sink = Sink(workdir, "plain-built")
    try:
        smtp = smtplib.SMTP("127.0.0.1", sink.port)
        began = time.perf_counter()
        for row in rows:  # what a plain Python client does: the stdlib's MIME classes
            message = MIMEMultipart("alternative")
            message["Subject"], message["From"], message["To"] = row.subject, sender, row.to
            message["Date"], message["Message-ID"] = formatdate(), make_msgid()
            message["Auto-Submitted"], message["Content-Language"] = "auto-generated", row.language
            for name, value in row.headers.items():
                message[name] = value
            message.attach(MIMEText(row.body_text, "plain", "utf-8"))
            message.attach(MIMEText(row.body_html, "html", "utf-8"))
            smtp.sendmail(sender, [row.to], message.as_bytes())
        results["built"] = len(rows) / (time.perf_counter() - began)
        smtp.quit()
    finally:
        counts = sink.stop()
    results["built_received"] = sum(counts.values())
    return results


def duplicates_and_losses(counts: collections.Counter, expected: set[str]) -> tuple[int, int]:
    duplicates = sum(n - 1 for address, n in counts.items() if n > 1 and address in expected)
    lost = sum(1 for address in expected if not counts[address])
    return duplicates, lost


def main(argv=None) -> None:
    args = parse_args(argv)
    if not os.path.exists(SINK):
        raise SystemExit(f"{SINK} is missing: run `make bench-tools` (Postfix's smtp-sink)")
    how, scratch = prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deiseb.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from deiseb.core.models import OutboundEmail, WorkerHeartbeat
    from deiseb.signatures.models import Signature

    call_command("migrate", "--noinput", verbosity=0)
    workdir = Path(tempfile.mkdtemp(prefix="deiseb-email-bench-"))
    os.chmod(workdir, 0o777)  # smtp-sink writes its dump as nobody
    run = f"{os.getpid()}"
    n = args.signers
    print(f"# email fan-out to {n:,} signers ({how})")
    for name, value in machine_facts():
        print(f"{name}: {value}")
    print(f"email workers: {args.workers}; batch: {args.batch}; kills in run 2: {args.kills}")
    print("figures are noisy: two cores shared by PostgreSQL, smtp-sink, workers and others")

    petition = make_petition(f"email fan-out {run}")
    started = time.monotonic()
    make_signers(petition, n, args.welsh, run)
    print(f"signers inserted: {n:,} in {time.monotonic() - started:.1f} s")
    expected = set(Signature.objects.filter(petition=petition).values_list("email", flat=True))
    first_email = OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    first_task = (
        DBTaskResult.objects.order_by("-enqueued_at").values_list("enqueued_at", flat=True).first()
    )
    try:
        # Run 1: no faults.
        sink = Sink(workdir, "run1")
        workers = Workers(workdir, worker_env(sink, args.batch), args.workers)
        try:
            clean = fan_out(make_debate(petition, f"{run} one"), n, workers, 0, sink)
        finally:
            peaks = workers.stop()
            counts = sink.stop()
        clean_dups, clean_lost = duplicates_and_losses(counts, expected)

        # Run 2: the same, with SIGKILLs.
        sink = Sink(workdir, "run2")
        workers = Workers(workdir, worker_env(sink, args.batch), args.workers)
        try:
            faulty = fan_out(make_debate(petition, f"{run} two"), n, workers, args.kills, sink)
        finally:
            peaks += workers.stop()
            counts = sink.stop()
        kill_dups, kill_lost = duplicates_and_losses(counts, expected)

        rows = list(
            OutboundEmail.objects.filter(pk__gt=first_email, kind="debate_scheduled").order_by(
                "pk"
            )[:n]
        )
        plain = plain_smtplib(rows, workdir)
        bare = bare_django_rss(worker_env(sink, args.batch))
    finally:
        petition.delete()
        OutboundEmail.objects.filter(pk__gt=first_email).delete()
        tasks = DBTaskResult.objects.all()
        if first_task:
            tasks = tasks.filter(enqueued_at__gt=first_task)
        tasks.delete()
        WorkerHeartbeat.objects.all().delete()
        shutil.rmtree(workdir, ignore_errors=True)
        if scratch:
            scratch.cleanup()

    print()
    print("| run | seconds | emails/s | first tenth/s | last tenth/s |")
    print("|---|---|---|---|---|")
    for name, result in (("queue, no faults", clean), (f"queue, {args.kills} kills", faulty)):
        print(
            f"| {name} | {result['seconds']:.1f} | {result['rate']:,.0f} | "
            f"{result['first_tenth']:,.0f} | {result['last_tenth']:,.0f} |"
        )
    print(f"| plain smtplib, prebuilt messages | | {plain['prebuilt']:,.0f} | | |")
    print(f"| plain smtplib, built in the loop | | {plain['built']:,.0f} | | |")
    print()
    for name, result in (("no faults", clean), ("kills", faulty)):
        tasks = ", ".join(
            f"{task} x{count} ({seconds:.1f} s)"
            for task, (count, seconds) in result["busy"].items()
        )
        print(f"worker time by task, {name}: {tasks}")
    print()
    print(f"queue / plain smtplib (prebuilt): {clean['rate'] / plain['prebuilt']:.2f}x")
    print(f"queue / plain smtplib (built in the loop): {clean['rate'] / plain['built']:.2f}x")
    million = 1_000_000 / clean["rate"]
    print(f"1,000,000 signers at the no-fault rate: {million / 60:.0f} min ({million:,.0f} s)")
    print(
        f"run 1: duplicates {clean_dups}, lost {clean_lost}; "
        f"run 2 ({args.kills} kills, at {[at for at, _ in faulty['killed']]} sent; "
        f"rows in hand at the kills {faulty['in_hand']}): duplicates {kill_dups}, lost {kill_lost}"
    )
    print(
        f"plain runs received {plain['prebuilt_received']:,} and {plain['built_received']:,} "
        f"of {len(rows):,}"
    )
    worst = max(peaks)
    print(
        f"peak RSS: email worker {worst / 1024:.0f} MB (max of {len(peaks)}), bare django.setup() "
        f"{bare / 1024:.0f} MB: {worst / bare:.2f}x"
    )


if __name__ == "__main__":
    main()
