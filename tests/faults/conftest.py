"""Fault tests: real worker, web and SMTP processes on loopback, killed and restarted on purpose.

Each test gets a database of its own (never the suite's test database, which lives inside one
process), so the processes it starts and this process see the same rows.
"""

import logging

import pytest

from tests.faults.processes import Processes, Templates, base_env


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "faults: starts real processes and breaks them (tests/faults; ~1 min in all)"
    )


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


@pytest.fixture(scope="session")
def fault_templates(tmp_path_factory, django_db_blocker):
    with django_db_blocker.unblock():
        templates = Templates(tmp_path_factory.mktemp("fault-databases"))
    yield templates
    templates.drop_all()


@pytest.fixture
def fault_db(fault_templates, tmp_path, django_db_blocker):
    """A migrated database of this test's own, and this process's ORM pointed at it."""

    def migrate(url):
        Processes(tmp_path, base_env(url, tmp_path)).run("migrate", "--noinput", "-v0")

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection
    with django_db_blocker.unblock():
        database = fault_templates.new(migrate)
        with database.orm():
            yield database
        fault_templates.drop(database)


@pytest.fixture
def processes(fault_db, tmp_path):
    """Start processes against the test's database; every one is stopped when the test ends."""
    started = Processes(tmp_path, base_env(fault_db.url, tmp_path))
    yield started
    started.stop_all()
