"""Small helpers the tests import."""

import pytest
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import translation


def body_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)


def localised(language: str, name: str, *args, query: str = "") -> str:
    """The path of a named page in one language, with its translated segments."""
    with translation.override(language):
        path = reverse(name, args=args)
    return f"{path}?{query}" if query else path


def run_queued_tasks(*queues: str) -> int:
    """Run every ready task (of these queues, or all) as the worker would, and what their commits
    queue, until none is left.

    Inside a test's transaction nothing commits, so the on-commit callbacks a task registers
    (queueing an email's delivery, say) are run by hand, as a real commit would run them.
    """
    from deiseb.core.worker import run_due_tasks

    ran = 0
    while True:
        with TestCase.captureOnCommitCallbacks(execute=True):
            batch = run_due_tasks(queues=queues)
        if not batch:
            return ran
        ran += batch
