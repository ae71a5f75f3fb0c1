"""Small helpers the tests import."""

import pytest
from django.db import connection
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
