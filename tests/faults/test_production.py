"""The production configuration works end to end, as an operator would run it.

DEISEB_DEMO off, a real SECRET_KEY, REDIS_URL (a private redis-server), SMTP (a real local
server), TLS ended at a proxy (BEHIND_PROXY, X-Forwarded-Proto), and `deiseb serve` with its
gunicorn and workers: a signer signs over HTTP, receives the email, confirms with its link, and
the count goes to 1. The attack test found this path broken (every sign POST a 500 with
REDIS_URL set) while the demo worked.
"""

import http.client
import http.cookies
import re
import secrets
import shutil
import urllib.parse
from email import message_from_bytes, policy

import pytest

from tests.factories import OpenPetitionFactory
from tests.faults.processes import Sink, free_port, report, wait_for
from tests.servers import RedisServer

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")

SIGNER = "prod-signer@example.com"


class Inbox(Sink):
    """The fault tests' SMTP sink, keeping each message too."""

    def __init__(self):
        super().__init__()
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return await super().handle_DATA(server, session, envelope)


class Visitor:
    """A browser behind the TLS proxy: keeps cookies, sends the proxy's X-Forwarded-Proto."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        content = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content

    def post_form(self, path: str, fields: dict):
        _, page = self.request("GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **fields})


def test_signing_confirming_and_counting_with_the_production_settings(processes, fault_db, capsys):
    inbox = Inbox().start()
    redis = RedisServer()
    redis.start()
    port = free_port()
    production = {
        "DEISEB_DEMO": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "REDIS_URL": redis.url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(inbox.port),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "BEHIND_PROXY": "true",
    }
    try:
        processes.run("check", "--deploy", "--fail-level", "ERROR", **production)
        petition = OpenPetitionFactory()
        serve = processes.deiseb("serve", "serve", "--bind", f"127.0.0.1:{port}", **production)
        visitor = Visitor(port)

        def healthy():
            try:
                return visitor.request("GET", "/health/")[0].status == 200
            except OSError:
                return False

        wait_for(healthy, timeout=30, what="gunicorn to answer")
        assert visitor.request("GET", "/en/")[0].getheader("Strict-Transport-Security")
        response, _ = visitor.post_form(
            f"/en/petitions/{petition.pk}/sign/",
            {"name": "Prod Signer", "email": SIGNER, "country": "FR", "postcode": ""},
        )
        assert response.status == 302, response.status
        sign_status = response.status
        wait_for(lambda: inbox.received[SIGNER], timeout=30, what="the confirmation email")
        (message,) = inbox.messages
        text = message.get_body(preferencelist=("plain",)).get_content()
        link = re.search(r"https://127\.0\.0\.1:\d+(/en/signatures/[^/\s]+/confirm/)", text)
        response, _ = visitor.post_form(link.group(1), {})
        assert response.status == 302, response.status  # to the thank-you page all share
        response, page = visitor.request("GET", response.getheader("Location"))
        assert response.status == 200 and "Your signature has been added" in page

        def counted():
            _, body = visitor.request("GET", f"/petitions/{petition.pk}/count.json")
            return '"signature_count": 1' in body

        wait_for(counted, timeout=30, what="the count to reach 1")
        assert serve.alive()
        logs = processes.logs()
        assert SIGNER not in logs and "Traceback" not in logs
        report(
            capsys,
            "production settings",
            sign_POST=sign_status,
            emails_received=inbox.total,
            count="1 of 1",
            signer_email_in_logs="no",
        )
    finally:
        processes.stop_all()
        redis.stop()
        inbox.stop()
