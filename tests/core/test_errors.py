"""With the database away, visitors get a 503 and Retry-After, never a 500 or a traceback."""

import pytest
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test import Client

pytestmark = pytest.mark.django_db


def failing(error):
    def execute(self, *args, **kwargs):
        raise error

    return execute


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("path", "first"), [("/en/petitions/", "The service is busy"), ("/cy/deisebau/", "brysur")]
)
def test_a_database_outage_is_a_503_in_the_pages_language(visitor, monkeypatch, path, first):
    monkeypatch.setattr(CursorWrapper, "execute", failing(OperationalError("server closed")))
    response = visitor.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = response.content.decode()
    assert first in html.split("<h1>")[1].split("</h1>")[0]
    assert "Traceback" not in html and "server closed" not in html


def test_the_drivers_own_error_is_a_503_too(visitor, monkeypatch):
    """Django leaves some driver calls unwrapped (closing a server-side cursor mid-restart)."""
    driver_error = connection.Database.OperationalError("terminating connection")
    monkeypatch.setattr(CursorWrapper, "execute", failing(driver_error))
    response = visitor.get("/en/petitions/")
    assert response.status_code == 503 and response["Retry-After"] == "5"


def test_any_other_failure_is_still_the_500_page(visitor, monkeypatch):
    monkeypatch.setattr(CursorWrapper, "execute", failing(RuntimeError("bug")))
    response = visitor.get("/en/petitions/")
    assert response.status_code == 500
    assert "Sorry, there is a problem" in response.content.decode()
