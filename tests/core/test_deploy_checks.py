"""`deiseb check --deploy` refuses settings that would leak or break production."""

import pytest
from django.core.checks import run_checks

from tests.conftest import _free_port


def deploy_errors() -> set[str]:
    return {
        message.id
        for message in run_checks(include_deployment_checks=True)
        if message.id.startswith("deiseb.")
    }


@pytest.fixture
def production(settings):
    settings.DEMO = False
    settings.DEMO_OUTBOX = False
    settings.SECRET_KEY = "k3Y-8fQz-Lw2p-" * 5
    settings.REDIS_URL = ""
    return settings


def test_a_sound_production_configuration_passes(production):
    assert deploy_errors() == set()


def test_the_demo_outbox_without_demo_mode_is_an_error(production):
    production.DEMO_OUTBOX = True
    assert deploy_errors() == {"deiseb.E001"}


def test_a_short_secret_key_in_production_is_an_error(production):
    production.SECRET_KEY = "short-secret"
    assert deploy_errors() == {"deiseb.E002"}


def test_the_demo_may_keep_its_fixed_key(production):
    production.DEMO = True
    production.SECRET_KEY = "demo"
    assert "deiseb.E002" not in deploy_errors()


def test_an_unusable_redis_url_is_an_error(production):
    production.REDIS_URL = f"redis://127.0.0.1:{_free_port()}/0"  # nothing listens there
    assert deploy_errors() == {"deiseb.E003"}


def test_a_reachable_redis_passes(production):
    production.REDIS_URL = "redis://127.0.0.1:6379/15"
    assert deploy_errors() == set()
