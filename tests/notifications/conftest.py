"""Fixtures for telling signers: the story, and running the worker until it is idle."""

import pytest

from deiseb.notifications.services import email_signers
from tests.notifications.story import Story, build_story


@pytest.fixture
def story(db) -> Story:
    return build_story()


@pytest.fixture
def drain(run_tasks, django_capture_on_commit_callbacks):
    """Run tasks, and the tasks their commits enqueue, until nothing is left: the worker's day."""

    def run():
        while True:
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                ran = run_tasks()
            if not ran and not callbacks:
                return

    return run


@pytest.fixture
def start(django_capture_on_commit_callbacks):
    """Press "email signers" as a clerk would: the update exists and its sending is queued."""

    def press(debate, kind, by=None):
        with django_capture_on_commit_callbacks(execute=True):
            return email_signers(debate, kind, by=by)

    return press
