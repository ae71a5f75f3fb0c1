"""Small helpers the tests import."""

import pytest
from django.db import connection


def body_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)
