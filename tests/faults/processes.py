"""Real processes on loopback for the fault tests: databases, workers, web servers, SMTP servers.

Everything here stops by itself: waits poll a condition until a deadline and fail with what
they were waiting for, and every process started is killed when its test ends.
"""

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller
from django.db import connections

REPO = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, *, timeout: float, what: str, every: float = 0.05):
    """Poll `condition` until it returns something truthy; fail saying `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def report(capsys, title: str, **figures) -> None:
    """Print a test's figures past pytest's capture, so `make test` shows them."""
    line = ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in figures.items())
    with capsys.disabled():
        print(f"\n[faults] {title}: {line}", flush=True)


class Process:
    """A child process with its output in a log file, killed for sure when the test ends."""

    def __init__(self, command: list[str], env: dict, log: Path, name: str):
        self.name, self.log = name, log
        self.output = log.open("ab")
        self.popen = subprocess.Popen(
            command, env=env, cwd=REPO, stdout=self.output, stderr=subprocess.STDOUT
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill9(self) -> None:
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, timeout: float = 10) -> int:
        if self.alive():
            self.popen.terminate()
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)
        self.output.close()
        return self.popen.returncode

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


class Processes:
    """Starts `deiseb` commands and other children for one test, and stops them all after it."""

    def __init__(self, workdir: Path, env: dict):
        self.workdir, self.env, self.started = workdir, env, []

    def start(self, name: str, command: list[str], **extra_env) -> Process:
        log = self.workdir / f"{name}-{len(self.started)}.log"
        process = Process(command, {**self.env, **extra_env}, log, name)
        self.started.append(process)
        return process

    def deiseb(self, name: str, *args: str, **extra_env) -> Process:
        return self.start(name, [sys.executable, "-m", "deiseb", *args], **extra_env)

    def run(self, *args: str, timeout: float = 120, **extra_env) -> str:
        """Run a `deiseb` command to the end; its output, or a failure showing it."""
        done = subprocess.run(
            [sys.executable, "-m", "deiseb", *args],
            env={**self.env, **extra_env},
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"deiseb {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
        return done.stdout

    def stop_all(self) -> None:
        for process in reversed(self.started):
            process.stop()

    def logs(self) -> str:
        return "\n".join(f"--- {p.name} (pid {p.pid})\n{p.tail()}" for p in self.started)


def worker_commands():
    """The layout `deiseb serve` runs, without the interpreter and module in front."""
    from deiseb.core.management.commands.serve import worker_commands

    return [command[3:] for command in worker_commands()]


# Timings short enough for a test, in the same shape as production's.
FAST_WORKERS = {
    "DEISEB_WORKER_HEARTBEAT_INTERVAL": "1",
    "DEISEB_WORKER_LOST_AFTER": "3",
    "DEISEB_WORKER_REAP_INTERVAL": "1",
    "DEISEB_COUNT_INTERVAL": "1",
}


def base_env(database_url: str, var_dir: Path, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEISEB_", "EMAIL_", "DATABASE_", "REDIS_URL", "PYTEST"))
    }
    return {
        **env,
        "DATABASE_URL": database_url,
        "DEISEB_VAR_DIR": str(var_dir),
        "DEISEB_PLAIN_STATIC": "1",
        "DJANGO_SETTINGS_MODULE": "deiseb.settings",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **FAST_WORKERS,
        **extra,
    }


class FaultDatabase:
    """A database of the test's own, the same engine as the suite's, migrated from a template.

    On SQLite a file in the test's directory; on PostgreSQL a database on the suite's server,
    named for this process so engineers sharing the server never collide, dropped afterwards.
    """

    def __init__(self, url: str, settings_dict: dict):
        self.url, self.settings_dict = url, settings_dict

    @contextlib.contextmanager
    def orm(self):
        """Point this process's default connection at this database for the block."""
        original = connections["default"]
        wrapper = type(original)(dict(self.settings_dict), alias="default")
        connections["default"] = wrapper
        try:
            yield
        finally:
            wrapper.close()
            connections["default"] = original


class Templates:
    """Migrated once per session, copied for each test: migrating takes seconds, copying not."""

    def __init__(self, root: Path):
        self.root = root
        self.suite = dict(connections["default"].settings_dict)
        self.postgres = self.suite["ENGINE"].endswith("postgresql")
        self.prefix = f"deiseb_faults_{os.getpid()}"
        self.template = None
        self.made = []

    def _pg_url(self, name: str) -> str:
        user = self.suite.get("USER") or "postgres"
        host = self.suite.get("HOST") or "127.0.0.1"
        port = self.suite.get("PORT") or 5432
        password = urllib.parse.quote(self.suite.get("PASSWORD") or "")
        auth = f"{user}:{password}" if password else user
        return f"postgres://{auth}@{host}:{port}/{name}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            self._pg_url("postgres").replace("postgres://", "postgresql://"), autocommit=True
        ) as admin:
            admin.execute(sql)

    def _settings(self, name: str) -> dict:
        if self.postgres:
            return {**self.suite, "NAME": name}
        return {**self.suite, "NAME": name, "TEST": {}}

    def new(self, migrate) -> FaultDatabase:
        number = len(self.made)
        if self.postgres:
            if self.template is None:
                self.template = f"{self.prefix}_template"
                self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
                self._admin(f'CREATE DATABASE "{self.template}"')
                migrate(self._pg_url(self.template))
            name = f"{self.prefix}_{number}"
            self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
            # The shared server waits for its disk at every commit, and these tests commit a
            # great deal; what they kill is the worker, never the server, so nothing is lost.
            self._admin(f'ALTER DATABASE "{name}" SET synchronous_commit TO off')
            self.made.append(name)
            return FaultDatabase(self._pg_url(name), self._settings(name))
        if self.template is None:
            self.template = self.root / "template.sqlite3"
            migrate(f"sqlite:///{self.template}")
        path = self.root / f"fault-{number}.sqlite3"
        shutil.copyfile(self.template, path)
        self.made.append(path)
        return FaultDatabase(f"sqlite:///{path}", self._settings(str(path)))

    def drop(self, database: FaultDatabase) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{database.settings_dict["NAME"]}" WITH (FORCE)')

    def drop_all(self) -> None:
        if self.postgres:
            for name in [*self.made, self.template]:
                if name:
                    self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Sink:
    """A real SMTP server (aiosmtpd) in a thread: counts every message by recipient.

    `pause` is how long it takes to answer each message, as a relay does: a test that kills a
    worker mid fan-out needs a fan-out that lasts longer than its kills."""

    def __init__(self, port: int | None = None, *, pause: float = 0.0):
        self.port = port or free_port()
        self.pause = pause
        self.received = Counter()
        self.first_at = {}
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received[rcpt] += 1
                self.first_at.setdefault(rcpt, time.monotonic())
        if self.pause:
            await asyncio.sleep(self.pause)
        return "250 Message accepted for delivery"

    def start(self) -> "Sink":
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())

    def duplicates(self) -> int:
        with self.lock:
            return sum(n - 1 for n in self.received.values() if n > 1)


class StallingSmtp:
    """An SMTP server that accepts connections and never says a word: every send times out."""

    def __init__(self):
        self.port = free_port()
        self.server = socket.create_server(("127.0.0.1", self.port))
        self.held, self.stopped = [], threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        self.server.settimeout(0.2)
        while not self.stopped.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                connection, _ = self.server.accept()
                self.held.append(connection)

    def stop(self):
        self.stopped.set()
        self.thread.join(timeout=5)
        for held in self.held:
            held.close()
        self.server.close()


class PrivateCluster:
    """A PostgreSQL 15 cluster of the test's own: initdb in a temporary directory, own port.

    The server refuses to run as root, so as root every command runs as the `postgres` user.
    """

    def __init__(self, root: Path):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="deiseb-pg-", dir="/tmp"))
        self.data = self.dir / "data"
        self.logfile = self.dir / "server.log"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    @staticmethod
    def available() -> str | None:
        """Why a private cluster cannot be made here, or None when it can."""
        if not (PG_BIN / "initdb").exists():
            return f"no PostgreSQL server binaries at {PG_BIN}"
        if os.geteuid() == 0 and not shutil.which("runuser"):
            return "running as root without runuser to start PostgreSQL as postgres"
        return None

    def _run(self, *command: str, timeout: float = 60) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        done = subprocess.run(
            [*prefix, *command], capture_output=True, text=True, timeout=timeout, cwd="/tmp"
        )
        assert done.returncode == 0, f"{command[0]} failed: {done.stdout}{done.stderr}"

    def pg_ctl(self, *args: str, timeout: float = 60) -> None:
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.logfile),
            *args,
            timeout=timeout,
        )

    def start(self, **server_settings: str) -> "PrivateCluster":
        """initdb and start. Its pg_hba.conf trusts loopback, for replication connections too."""
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        return self._launch(server_settings)

    def _launch(self, server_settings: dict) -> "PrivateCluster":
        extra = "".join(f" -c {name}={value}" for name, value in server_settings.items())
        self.options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir}"
            + extra
        )
        self.pg_ctl("start", "-w", "-o", self.options)
        return self

    def standby(self, **server_settings: str) -> "PrivateCluster":
        """A streaming replica of this cluster on its own port: pg_basebackup -R, then start.

        `-R` writes standby.signal and the primary_conninfo, so it starts as a hot standby that
        streams from this cluster; pg_ctl's -w returns once it accepts read-only connections.
        """
        replica = PrivateCluster(self.dir)
        replica._run(
            str(PG_BIN / "pg_basebackup"),
            *("-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"),
            *("-D", str(replica.data), "-R", "-X", "stream", "-c", "fast", "--no-sync"),
        )
        return replica._launch(server_settings)

    def restart(self) -> None:
        self.pg_ctl("restart", "-m", "fast", "-w", "-o", self.options)

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True
        ) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.pg_ctl("stop", "-m", "immediate", timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)


class PgBouncer:
    """PgBouncer (Debian's package) in transaction mode on its own port, in front of a server.

    Like PostgreSQL it refuses to run as root, so as root it runs as the `postgres` user. Every
    database name is passed through to the server; the admin console is the `pgbouncer` one.
    """

    BINARY = Path("/usr/sbin/pgbouncer")

    def __init__(self, server_host: str, server_port: int, pool_size: int = 2):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="deiseb-pgbouncer-", dir="/tmp"))
        (self.dir / "users.txt").write_text('"postgres" ""\n')
        self.ini = self.dir / "pgbouncer.ini"
        self.ini.write_text(
            "[databases]\n"
            f"* = host={server_host} port={server_port}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\n"
            f"unix_socket_dir = {self.dir}\n"
            f"auth_type = trust\nauth_file = {self.dir / 'users.txt'}\nadmin_users = postgres\n"
            f"pool_mode = transaction\ndefault_pool_size = {pool_size}\n"
        )
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
            for path in self.dir.iterdir():
                shutil.chown(path, "postgres", "postgres")
        self.process = None

    @classmethod
    def available(cls) -> str | None:
        if not cls.BINARY.exists():
            return f"no PgBouncer at {cls.BINARY} (`make bench-tools` installs it)"
        if os.geteuid() == 0 and not shutil.which("runuser"):
            return "running as root without runuser to start PgBouncer as postgres"
        return None

    def start(self) -> "PgBouncer":
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        self.process = Process(
            [*prefix, str(self.BINARY), str(self.ini)],
            dict(os.environ),
            self.dir.parent / f"{self.dir.name}.log",
            "pgbouncer",
        )

        def listening():
            assert self.process.alive(), self.process.tail()
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", self.port)) == 0

        wait_for(listening, timeout=10, what="PgBouncer to listen")
        return self

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def admin(self, command: str) -> list[dict]:
        """A SHOW command on the admin console, as rows of {column: value}."""
        import psycopg
        from psycopg.rows import dict_row

        console = f"postgresql://postgres@127.0.0.1:{self.port}/pgbouncer"
        with psycopg.connect(console, autocommit=True, row_factory=dict_row) as admin:
            return admin.execute(command, prepare=False).fetchall()

    def stop(self) -> None:
        if self.process:
            self.process.stop()
            with contextlib.suppress(OSError):
                self.process.log.unlink()
        shutil.rmtree(self.dir, ignore_errors=True)
