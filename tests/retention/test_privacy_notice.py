"""The privacy notice states the retention policy from the settings, in both languages."""

import pytest
from django.utils import translation

from deiseb.pages.views import days, months
from tests.helpers import localised

pytestmark = pytest.mark.django_db


def periods(language: str, unconfirmed: int, signers: int) -> tuple[str, str]:
    with translation.override(language):
        return days(unconfirmed), months(signers)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_it_states_both_periods_from_the_settings(client, settings, language):
    settings.UNCONFIRMED_RETENTION_DAYS = 45
    settings.SIGNER_RETENTION_MONTHS = 18
    text = client.get(localised(language, "pages:privacy")).content.decode()
    unconfirmed, signers = periods(language, 45, 18)
    assert unconfirmed in text and signers in text

    settings.UNCONFIRMED_RETENTION_DAYS = 31
    settings.SIGNER_RETENTION_MONTHS = 11
    text = client.get(localised(language, "pages:privacy")).content.decode()
    assert unconfirmed not in text and signers not in text
    assert all(period in text for period in periods(language, 31, 11))


def test_the_english_notice_says_what_goes_and_when(client, settings):
    settings.UNCONFIRMED_RETENTION_DAYS = 30
    settings.SIGNER_RETENTION_MONTHS = 12
    text = client.get(localised("en", "pages:privacy")).content.decode()
    assert "If you do not confirm your signature, we delete it after 30 days." in text
    assert "12 months after a petition is completed" in text
