"""A viral surge replayed through nginx's proxy_cache (issue 13, goal 5).

The site of bench/viral.py (a fresh bench database, 1,000 open petitions, gunicorn 4 x 4 and the
two workers, DEISEB_DEMO off) behind nginx running docs/deploy/nginx/deiseb.conf itself, with
only its ports and paths changed (and real_ip trusting the load generator's X-Forwarded-For, as
it would trust a CDN's: each signer has an address of their own). TLS on loopback, wrk for load:

  1. sign-only: wrk POSTs the sign form through the proxy, --sign-connections, --seconds, paced
     to --sign-rate (the viral day's peak, about 33 a second: PRODUCT.md) or flat out with 0;
     then the workers are left to record every attempt before the surge starts.
  2. the surge, all at once for --seconds:
       - the same signers (wrk, the same connections and pace) on the viral petition;
       - readers (a second wrk, --reader-connections) picking by weight 30 petition pages to 300
         count.json polls, paced to 330x the sign-only rate so that the mix is 1 : 30 : 300 (if
         3 s flat out, just before, shows the box can serve that many; else flat out);
       - a confirmer (Python, 12 threads) that takes pending signatures' tokens from the database
         (step 1's signers, then the surge's as the worker records them) and POSTs their
         confirmation links through the proxy, as signers do from their email, so that the
         count moves;
       - a sampler (Python) that polls count.json through the proxy every 0.2 s and COUNT(*) of
         the confirmed signatures every 0.1 s: a displayed count's lag is how long ago COUNT(*)
         first went above it.
It prints the sign rate in the surge against sign-only, the error rate, the mix achieved, the
lag's p50/p99/max, and a few checks of what the proxy caches. It asserts nothing.

Usage:
  .venv/bin/python bench/surge.py                 # about 2 minutes
BENCH_DATABASE_URL (default deiseb_surge_bench) and BENCH_REDIS_URL as for bench/viral.py.
  .venv/bin/python bench/surge.py --seconds 20 --reader-connections 128
  .venv/bin/python bench/surge.py --sign-rate 0   # signers flat out: 330x their rate in reads
                                                  # is more than two cores can serve
"""

import contextlib
import http.client
import os
import secrets
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from viral import (
    REPO,
    Process,
    Site,
    Stopped,
    admin,
    csrf,
    database_url,
    db_name,
    drain,
    machine_lines,
    make_world,
    stop_on_signals,
    wait_for,
    wrk,
)

CONF = REPO / "docs" / "deploy" / "nginx" / "deiseb.conf"
NGINX = "/usr/sbin/nginx"
MIX = (1, 30, 300)  # sign : page : count.json


def parse_args(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="sign-only run, and the surge")
    parser.add_argument("--sign-connections", type=int, default=16)
    parser.add_argument(
        "--sign-rate",
        type=float,
        default=33,
        help="signs a second the signers are paced to in both runs (0: flat out)",
    )
    parser.add_argument("--reader-connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk -t for each wrk")
    parser.add_argument("--petitions", type=int, default=1000)
    parser.add_argument("--drain-timeout", type=float, default=90)
    parser.add_argument("--skip-geography", action="store_true")
    parser.add_argument("--keep-database", action="store_true")
    return parser.parse_args(argv)


# --- nginx ---------------------------------------------------------------------------------


def render_conf(text: str, *, upstream: int, http: int, https: int, root: Path, static: Path):
    """deiseb.conf with the bench's ports and paths: every line changed must be found."""
    changes = [
        ("/var/cache/nginx/deiseb", str(root / "cache")),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};"),
        ("    listen [::]:80;\n", ""),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("listen 80;", f"listen 127.0.0.1:{http};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
        ("/etc/ssl/deiseb/fullchain.pem", str(root / "cert.pem")),
        ("/etc/ssl/deiseb/privkey.pem", str(root / "key.pem")),
        ("alias /srv/deiseb/var/static/;", f"alias {static}/;"),
        # wrk stands for the clients' many addresses, as a CDN in front would pass them on.
        ("# set_real_ip_from 192.0.2.0/24;", "set_real_ip_from 127.0.0.1;"),
        ("# real_ip_header   X-Forwarded-For;", "real_ip_header   X-Forwarded-For;"),
    ]
    for old, new in changes:
        if old not in text:
            raise RuntimeError(f"{CONF} no longer has {old!r}: update bench/surge.py")
        text = text.replace(old, new)
    return text


class Nginx:
    def __init__(self, root: Path, upstream: int, static: Path):
        from tests.faults.processes import free_port

        self.root = root
        self.http, self.https = free_port(), free_port()
        root.mkdir()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-nodes", "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem"),
             "-days", "1", "-subj", "/CN=127.0.0.1"],
            check=True, capture_output=True,
        )  # fmt: skip
        site = render_conf(
            CONF.read_text(),
            upstream=upstream,
            http=self.http,
            https=self.https,
            root=root,
            static=static,
        )
        (root / "deiseb.conf").write_text(site)
        temp = "\n".join(
            f"    {kind}_temp_path {root / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (root / "nginx.conf").write_text(
            f"daemon off;\nworker_processes auto;\npid {root / 'nginx.pid'};\n"
            f"error_log {root / 'error.log'} warn;\n"
            "events { worker_connections 4096; }\n"
            "http {\n    include /etc/nginx/mime.types;\n    access_log off;\n"
            f"{temp}\n    include {root / 'deiseb.conf'};\n}}\n"
        )
        self.process = None

    def start(self, env: dict) -> None:
        command = [NGINX, "-p", str(self.root), "-c", str(self.root / "nginx.conf"), "-e",
                   str(self.root / "error.log")]  # fmt: skip
        test = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if test.returncode:
            raise RuntimeError(f"nginx -t refused the configuration:\n{test.stderr}")
        self.process = Process(command, env, self.root / "nginx.out", "nginx")
        wait_for(self.up, timeout=20, what="nginx", every=0.1)

    def up(self) -> bool:
        if not self.process.alive():
            raise RuntimeError(f"nginx exited:\n{(self.root / 'error.log').read_text()}")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPSConnection("127.0.0.1", self.https, context=insecure())
            conn.request("GET", "/health/")
            return conn.getresponse().status == 200
        return False

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.https}"

    def stop(self) -> None:
        if self.process:
            self.process.stop(timeout=10)
            self.process = None


def insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


def fetch(port: int, method: str, path: str, headers=None, body=None, conn=None):
    """One request through the proxy; (status, headers, body, connection to reuse)."""
    conn = conn or http.client.HTTPSConnection("127.0.0.1", port, context=insecure(), timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    answer = conn.getresponse()
    return answer.status, answer.headers, answer.read(), conn


def proxy_checks(port: int, hot: int, cookie: str) -> list[str]:
    """What the proxy keeps and what it never does, as X-Cache-Status says."""
    lines = []
    checks = [
        ("petition page", f"/en/petitions/{hot}/", {}),
        ("home page", "/en/", {}),
        ("count.json", f"/petitions/{hot}/count.json", {}),
        ("petition page with the CSRF cookie", f"/en/petitions/{hot}/", {"Cookie": cookie}),
        ("petition page with a session cookie", f"/en/petitions/{hot}/", {"Cookie": "sessionid=x"}),
        ("sign form (sets the CSRF cookie)", f"/en/petitions/{hot}/sign/", {}),
    ]
    for label, path, headers in checks:
        seen = []
        for _ in range(2):
            status, answer, _body, conn = fetch(port, "GET", path, headers)
            conn.close()
            seen.append(answer.get("X-Cache-Status", "-"))
        control = answer.get("Cache-Control", "-")
        cookie_set = "sets a cookie" if answer.get("Set-Cookie") else "no cookie"
        lines.append(
            f"{label:<38} {status} {' then '.join(seen):<18} {cookie_set:<14} "
            f"Cache-Control: {control}"
        )
    return lines


# --- the surge's Python sides --------------------------------------------------------------


class Confirmer:
    """Confirms each new pending signature of the run through the proxy, as signers would."""

    def __init__(self, port: int, prefixes: list[str], token: str, cookie: str, origin: str):
        self.port, self.prefixes = port, prefixes
        self.body = f"csrfmiddlewaretoken={token}"
        self.headers = {
            "Cookie": cookie,
            "Origin": origin,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        self.stop = threading.Event()
        self.queue: list[str] = []
        self.lock = threading.Lock()
        self.statuses: dict[int, int] = {}
        self.errors = 0
        self.posted = 0
        self.threads = [threading.Thread(target=self.poll, daemon=True)] + [
            threading.Thread(target=self.post, daemon=True) for _ in range(12)
        ]

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def poll(self):
        from django.db import connection

        last = 0
        try:
            while not self.stop.wait(0.2):
                with connection.cursor() as cursor:
                    likes = " OR ".join(["email LIKE %s"] * len(self.prefixes))
                    cursor.execute(
                        "SELECT id, token FROM signatures_signature WHERE id > %s AND "
                        f"({likes}) AND state = 'pending' ORDER BY id",
                        [last, *(prefix + "-%" for prefix in self.prefixes)],
                    )
                    rows = cursor.fetchall()
                if rows:
                    last = rows[-1][0]
                    with self.lock:
                        self.queue.extend(token for _, token in rows)
        finally:
            connection.close()

    def post(self):
        conn = None
        while not self.stop.is_set():
            with self.lock:
                token = self.queue.pop(0) if self.queue else None
            if token is None:
                time.sleep(0.05)
                continue
            try:
                status, _h, _b, conn = fetch(
                    self.port, "POST", f"/en/signatures/{token}/confirm/", self.headers,
                    self.body, conn,
                )  # fmt: skip
                with self.lock:
                    self.statuses[status] = self.statuses.get(status, 0) + 1
                    self.posted += 1
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.errors += 1
                conn = None


class Sampler:
    """count.json through the proxy every 0.2 s; COUNT(*) of confirmed signatures every 0.1 s."""

    def __init__(self, port: int, petition: int, base_count: int):
        self.port, self.petition, self.base_count = port, petition, base_count
        self.stop = threading.Event()
        self.truth: list[tuple[float, int]] = []
        self.shown: list[tuple[float, int]] = []
        self.cache: dict[str, int] = {}
        self.errors = 0
        self.threads = [
            threading.Thread(target=self.count, daemon=True),
            threading.Thread(target=self.poll, daemon=True),
        ]

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def count(self):
        from django.db import connection

        try:
            while not self.stop.wait(0.1):
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(*) FROM signatures_signature WHERE petition_id = %s "
                        "AND state = 'validated'",
                        [self.petition],
                    )
                    self.truth.append((time.monotonic(), self.base_count + cursor.fetchone()[0]))
        finally:
            connection.close()

    def poll(self):
        import json

        conn = None
        while not self.stop.wait(0.2):
            try:
                status, headers, body, conn = fetch(
                    self.port, "GET", f"/petitions/{self.petition}/count.json", conn=conn
                )
                if status == 200:
                    self.shown.append((time.monotonic(), json.loads(body)["signature_count"]))
                    state = headers.get("X-Cache-Status", "-")
                    self.cache[state] = self.cache.get(state, 0) + 1
                else:
                    self.errors += 1
            except (OSError, http.client.HTTPException, ValueError):
                self.errors += 1
                conn = None

    def lags(self) -> list[float]:
        """For each displayed count: how long ago COUNT(*) first went above it (0 if never)."""
        out = []
        for when, shown in self.shown:
            first = next((t for t, n in self.truth if n > shown and t <= when), None)
            out.append(when - first if first is not None else 0.0)
        return out


def pct(values: list[float], p: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


# --- main ----------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    args.connections = args.sign_connections
    stop_on_signals()
    url = database_url("postgres://postgres@127.0.0.1:5432/deiseb_surge_bench")
    workdir = Path(tempfile.mkdtemp(prefix="deiseb-surge-"))
    os.chmod(workdir, 0o755)  # nginx's workers (nobody) read the static files under it
    site = Site(workdir, url)
    nginx = None
    created = False
    started = time.perf_counter()
    try:
        print("Deiseb surge through nginx proxy_cache (bench/surge.py), issue 13 goal 5")
        notes = site.create(geography=not args.skip_geography)
        created = True
        site.django()
        petitions = make_world(args.petitions)
        hot = petitions[0]
        for line in machine_lines(url):
            print(f"  {line}")
        version = subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr.strip()
        print(f"  proxy      {version}, {CONF.relative_to(REPO)}; {'; '.join(notes)}")
        site.start()
        nginx = Nginx(workdir / "nginx", site.port, site.var / "static")
        nginx.start(site.env())
        port = nginx.https
        proto = {}
        cookie_value, token = csrf(nginx.base, f"/en/petitions/{hot}/sign/", proto)
        cookie = f"csrftoken={cookie_value}"
        post = {"Cookie": cookie, "Origin": "https://127.0.0.1"}

        print(f"\nWhat the proxy caches ({nginx.base}, X-Cache-Status of two requests):")
        for line in proxy_checks(port, hot, cookie):
            print(f"  {line}")

        run_id = secrets.token_hex(3)
        sign_paths = [f"/en/petitions/{hot}/sign/"]
        # Each signer's connection waits between POSTs so that together they offer --sign-rate.
        sign_pace = (
            max(1, int(1000 * args.sign_connections / args.sign_rate)) if args.sign_rate else 0
        )
        signers_env = {"DEISEB_PACE_MS": str(sign_pace)}
        alone = wrk("sign-only", nginx.base, "sign", sign_paths, args, workdir, ok_status=302,
                    token=token, run=f"alone{run_id}", headers=post,
                    extra_env=signers_env)  # fmt: skip
        rows, took = drain(f"alone{run_id}", alone.ok, args.drain_timeout)
        print(
            f"\n1. sign-only through the proxy, {args.sign_connections} connections "
            + (f"paced to {args.sign_rate:g}/s ({sign_pace} ms apart)" if sign_pace else "flat out")
            + f", {args.seconds:g} s: {alone.rate:,.1f} signs/s (p50 {alone.p50:.0f} ms, p99 "
            f"{alone.p99:.0f} ms); the workers recorded {rows:,} of {alone.ok:,} within "
            f"{took:.1f} s after"
        )

        from deiseb.petitions.models import Petition

        base_count = Petition.objects.get(pk=hot).signature_count
        # The readers are paced to 330x the sign-only rate, if the box can serve that many: a
        # short run flat out (which also fills the cache) says whether it can.
        target_reads = max(1.0, alone.rate) * (MIX[1] + MIX[2])
        mix = [f"{MIX[1]} /en/petitions/{hot}/", f"{MIX[2]} /petitions/{hot}/count.json"]
        flat = wrk("readers flat out", nginx.base, "mix", mix, args, workdir,
                   connections=args.reader_connections, seconds=3)  # fmt: skip
        pace_ms = 0
        if flat.rate > target_reads:
            pace_ms = max(1, int(1000 * args.reader_connections / target_reads - flat.p50))
        print(
            f"   readers flat out for 3 s: {flat.rate:,.0f}/s (p50 {flat.p50:.1f} ms); "
            f"330x the sign-only rate is {target_reads:,.0f}/s: "
            + (f"paced at {pace_ms} ms per connection" if pace_ms else "not paced")
        )
        # Those who signed in step 1 confirm during the surge, and so do the surge's signers as
        # soon as the worker has recorded them.
        prefix = f"surge{run_id}"
        confirmer = Confirmer(port, [f"alone{run_id}", prefix], token, cookie, "https://127.0.0.1")
        sampler = Sampler(port, hot, base_count)
        results = {}

        def run_signers():
            results["sign"] = wrk("surge signers", nginx.base, "sign", sign_paths, args, workdir,
                                  ok_status=302, token=token, run=prefix, headers=post,
                                  extra_env=signers_env)  # fmt: skip

        def run_readers():
            results["read"] = wrk("surge readers", nginx.base, "mix", mix, args, workdir,
                                  connections=args.reader_connections,
                                  extra_env={"DEISEB_PACE_MS": str(pace_ms)})  # fmt: skip

        loads = [
            threading.Thread(target=run_signers, daemon=True),
            threading.Thread(target=run_readers, daemon=True),
        ]
        sampler.start()
        confirmer.start()
        for thread in loads:
            thread.start()
        for thread in loads:
            thread.join()
        surge_end = time.monotonic()
        confirmer.finish()
        sampler.finish()
        site.check_alive()

        sign, read = results["sign"], results["read"]
        reads_ok = read.ok
        total = sign.requests + read.requests + confirmer.posted + confirmer.errors
        bad = (
            (sign.requests - sign.ok)
            + (read.requests - read.ok)
            + sum(sign.errors.values())
            + sum(read.errors.values())
            + confirmer.errors
            # A confirm is answered by the redirect to the thank-you page all its signers share.
            + sum(v for k, v in confirmer.statuses.items() if k != 302)
        )
        lags = [
            lag
            for (when, _), lag in zip(sampler.shown, sampler.lags(), strict=True)
            if when <= surge_end
        ]
        shown_last = sampler.shown[-1][1] if sampler.shown else 0
        truth_last = sampler.truth[-1][1] if sampler.truth else 0
        sign_rate, read_rate = sign.rate, reads_ok / read.seconds if read.seconds else 0
        ratio = sign_rate / alone.rate if alone.rate else 0
        print(
            f"\n2. surge, {args.seconds:g} s: signers {args.sign_connections} connections, "
            f"readers {args.reader_connections} connections "
            + (f"paced at {pace_ms} ms" if pace_ms else "flat out")
            + f" (target {target_reads:,.0f} reads/s = {MIX[1] + MIX[2]}x the sign-only rate)"
        )
        print(
            f"   signs      {sign_rate:>9,.1f}/s  = {ratio:.2f}x sign-only   goal >= 0.8x: "
            f"{'met' if ratio >= 0.8 else 'NOT met'}   "
            f"(p50 {sign.p50:.0f} ms, p99 {sign.p99:.0f} ms)"
        )
        print(
            f"   reads      {read_rate:>9,.0f}/s  (p50 {read.p50:.1f} ms, p99 {read.p99:.1f} ms); "
            f"mix achieved 1 : {read_rate / sign_rate * MIX[1] / 330 if sign_rate else 0:.0f} : "
            f"{read_rate / sign_rate * MIX[2] / 330 if sign_rate else 0:.0f} (wanted 1 : 30 : 300)"
        )
        print(
            f"   confirms   {confirmer.posted / args.seconds:>9,.1f}/s POSTed through the proxy "
            f"(statuses {confirmer.statuses}, {confirmer.errors} failed); "
            f"{len(confirmer.queue):,} links left unposted at the end"
        )
        print(
            f"   errors     {bad:,} of {total:,} requests = {bad / total if total else 0:.3%}   "
            f"goal < 0.1%: {'met' if total and bad / total < 0.001 else 'NOT met'}"
            f"   (signers {sign.statuses} {sign.errors}, readers {read.statuses} {read.errors})"
        )
        print(
            f"   lag        p50 {pct(lags, 50):.1f} s, p99 {pct(lags, 99):.1f} s, max "
            f"{max(lags, default=float('nan')):.1f} s over {len(lags)} polls   goal p99 <= 10 s: "
            f"{'met' if lags and pct(lags, 99) <= 10 else 'NOT met'}"
            + (
                f"; too few polls to tell (the sampler asks every 0.2 s, {args.seconds * 5:.0f} "
                "in all, but count.json answered slowly)"
                if len(lags) < args.seconds * 2
                else ""
            )
        )
        print(
            f"              at the end COUNT(*) {truth_last - base_count:+,} on {base_count:,}, "
            f"displayed {shown_last - base_count:+,}; the sampler's polls were "
            f"{sampler.cache} ({sampler.errors} failed)"
        )
        print(f"\ndone in {time.perf_counter() - started:.0f} s; logs in {workdir}")
        return 0
    except (KeyboardInterrupt, Stopped) as stop:
        print(f"\nstopped ({stop or 'interrupted'}); logs in {workdir}")
        return 130
    finally:
        if nginx:
            nginx.stop()
        site.stop()
        if created and not args.keep_database:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
                admin(url, f'DROP DATABASE IF EXISTS "{db_name(url)}" WITH (FORCE)')
        shutil.rmtree(workdir / "nginx" / "cache", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
