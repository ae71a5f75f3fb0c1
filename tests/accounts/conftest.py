import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Many tests here sign in through the form: the real hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
