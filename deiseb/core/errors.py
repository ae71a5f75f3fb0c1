"""The page for a server error, and a 503 rather than a 500 when the database is away.

While PostgreSQL restarts (a failover, an upgrade), every request that meets the database fails.
That is not a fault in the request: the visitor should be told to try again in a moment, and a
proxy or a load balancer should see 503 with Retry-After rather than a 500. Both pages render
without a request context, since the context processors may need the database that has gone.
"""

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers

from deiseb.core.middleware import language_of_path

RETRY_AFTER_SECONDS = 5


def database_away_errors() -> tuple[type[Exception], ...]:
    """Django's wrapped errors for a database gone away, and the driver's own.

    Django does not wrap every driver call: closing a server-side cursor (a form's choices
    from a PostgreSQL queryset) raises psycopg's AdminShutdown as it is, mid-restart.
    """
    driver = connection.Database
    return (OperationalError, InterfaceError, driver.OperationalError, driver.InterfaceError)


def server_error(request):
    """handler500: the database being away gets the 503 page; anything else the 500 page."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, database_away_errors())
    template = "503.html" if unavailable else "500.html"
    welsh_first = language_of_path(request.path) == "cy"
    response = HttpResponseServerError(loader.render_to_string(template, {"cy": welsh_first}))
    if unavailable:
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
