"""Chromium driven by Playwright against pytest-django's live server.

The browser is Debian's /usr/bin/chromium (`make chromium` installs it); Playwright never
downloads one. Override the path with DEISEB_CHROMIUM.
"""

import os

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

from deiseb.lib.chromium import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Playwright's sync API leaves an asyncio loop marked as running in this thread until it
    stops. While a loop runs, Django refuses ORM calls, and its per-thread connections turn
    per-context, so this thread would get new connections that lack what the test database
    keeps on the old ones (the contents serialized_rollback restores). Nothing here is async
    code: the check is switched off and the thread's own connections are handed back, for
    exactly as long as the browser is open.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: run `make chromium` (as root) first.")
    own_connections = {alias: connections[alias] for alias in connections}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, connection in own_connections.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server, settings):
    """Opens a fresh browser window (its own cookies) on the live server; emails link back to it."""
    settings.SITE_URL = live_server.url
    # With SQLite in memory the live server shares this thread's connection, so no request may
    # arrive while a test uses the database: the petition page's live count polls only hourly.
    settings.COUNT_INTERVAL = 3600
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


class Mailbox:
    """What the local SMTP server received, after the worker has delivered the queued mail."""

    def __init__(self, inbox, run_tasks):
        self.inbox = inbox
        self.run_tasks = run_tasks

    def latest(self, address: str):
        self.run_tasks()
        messages = self.inbox.to(address)
        assert messages, f"no email to {address}; got mail for {self.inbox.messages!r}"
        return messages[-1]


@pytest.fixture
def mailbox(smtp_server, run_tasks):
    return Mailbox(smtp_server, run_tasks)
