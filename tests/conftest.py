"""Fixtures shared by every test: a real SMTP server, the task worker, the clock."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.utils import translation


def pytest_collection_modifyitems(items):
    """`postgres_only` skips on SQLite, as pyproject.toml says it does."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="postgres_only: this test runs in the PostgreSQL pass")
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)


def suite_settings() -> dict:
    """What every test runs with, whatever the environment says; worlds built once for a
    module (tests/demo/test_demo_world.py) are built with the same."""
    from django.conf import settings

    return {
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SITE_URL": "http://testserver",
        # Off unless a test is about them: many tests sign from one address on purpose.
        "RATE_LIMIT_SIGNING_PER_IP": 0,
        "RATE_LIMIT_CREATING_PER_IP": 0,
        "RATE_LIMIT_EMAILS_PER_INBOX": 0,
        # The origin's page cache and each process's hot reads are off unless a test is about
        # them: most tests change the world and read it again at once (tests/core/test_page_cache.py
        # and test_remembered.py test them).
        "PAGE_CACHE_SECONDS": 0,
        "LOCAL_CACHE_SECONDS": 0,
        # Staff sign in through the forms; the real hasher's million rounds would dominate.
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    }


@pytest.fixture(autouse=True)
def _test_settings(settings):
    for name, value in suite_settings().items():
        setattr(settings, name, value)


@pytest.fixture
def local_cache(settings):
    """Each process's hot reads and held pages kept as production keeps them, from empty."""
    from deiseb.core import caching

    settings.LOCAL_CACHE_SECONDS = 2
    caching._kept.clear()
    caching._held_pages.clear()
    yield
    caching._kept.clear()
    caching._held_pages.clear()


@pytest.fixture(autouse=True)
def _english_until_asked():
    """A Welsh request leaves Welsh active in the thread; each test starts in English again."""
    translation.activate("en")
    yield
    translation.deactivate()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Inbox:
    """Collects what the local SMTP server receives, parsed as email messages."""

    def __init__(self):
        self.messages = []
        self.rcpt_reply = None  # e.g. "451 4.3.0 Try again later" to make the server refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for rcpts, message in self.messages if address in rcpts]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd); mail goes out over the wire to it."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


@pytest.fixture
def run_tasks():
    """Run every task that is due in the database queue, as the worker would, then return."""
    from tests.helpers import run_queued_tasks

    return run_queued_tasks
