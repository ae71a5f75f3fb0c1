"""Outgoing mail: render in the recipient's language, queue, deliver over SMTP, retry.

Each email is three templates (`<kind>_subject.txt`, `<kind>_body.txt`, `<kind>_body.html`).
A row in OutboundEmail is written in the same transaction as the change that caused it, and
so is its delivery task when the queue is in the database (`with_the_change`), so a
rolled-back change sends nothing and a crash after commit loses nothing; the sweeper finds
any row left queued.

Delivery goes in batches: one task claims up to DELIVERY_BATCH rows with one conditional
UPDATE and sends them over one SMTP connection. Each row is marked sent right after its
message's final "." goes out, so a worker killed at any moment leaves at most the one message
whose "." it had just written ambiguous, and that only for the microseconds between two
writes; every other claimed row is either sent and marked, or not sent and requeued by the
reaper.
"""

import contextlib
import functools
import logging
import re
import secrets
import smtplib
import socket
from collections import Counter
from email.header import Header
from email.utils import formatdate, parseaddr

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from deiseb.core.models import OutboundEmail

logger = logging.getLogger(__name__)

# A row stuck in "sending" this long belongs to a runner that died mid-send.
STALE_SENDING = timezone.timedelta(minutes=10)
MAX_BACKOFF = timezone.timedelta(hours=6)
# Rows one delivery task claims and sends over one SMTP connection.
DELIVERY_BATCH = 200
# The email queue's order, highest first. One person waiting on one email (a signer's link, a
# sign-in code): on the viral day a debate's 100,000 updates would otherwise hold back every
# signer's link, and with it the count, for minutes. A fan-out's next batch: written ahead of
# its deliveries, they keep every email worker sending, where the workers waited between
# batches for the one writing the next. What a dead worker was sending: the oldest. The rest.
ONE_PERSON_WAITING, RENDER_AHEAD, TAKEN_BACK = 10, 5, 1

Status = OutboundEmail.Status


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def render_email(kind: str, language: str, context: dict) -> tuple[str, str, str]:
    """The subject, text body and HTML body of `kind` in `language`, as the templates give them."""
    context = {**context, "site_url": settings.SITE_URL, "LANGUAGE_CODE": language}
    with translation.override(language):
        context.setdefault("parliament_name", parliament_name())
        return (
            render_to_string(f"{kind}_subject.txt", context),
            render_to_string(f"{kind}_body.txt", context),
            render_to_string(f"{kind}_body.html", context),
        )


def build_email(
    kind: str,
    to: str,
    language: str,
    rendered: tuple[str, str, str],
    headers: dict | None = None,
) -> OutboundEmail:
    """An unsaved row for one recipient from what render_email gave."""
    subject, body_text, body_html = rendered
    return OutboundEmail(
        kind=kind.rsplit("/", 1)[-1],
        to=to,
        language=language,
        subject=" ".join(subject.split())[:255],
        body_text=body_text.strip() + "\n",
        body_html=body_html,
        headers=headers or {},
    )


def queue_email(
    kind: str, to: str, language: str, context: dict, headers: dict | None = None
) -> OutboundEmail:
    """Render `kind` for one recipient in their language and queue it for delivery."""
    email = build_email(kind, to, language, render_email(kind, language, context), headers)
    email.save()
    with_the_change(lambda: _enqueue_delivery(email.pk))
    return email


def queue_emails(emails: list[OutboundEmail]) -> list[OutboundEmail]:
    """Save many unsaved rows at once, and queue their delivery in batches with them."""
    emails = OutboundEmail.objects.bulk_create(emails)
    ids = [email.pk for email in emails]
    with_the_change(lambda: enqueue_deliveries(ids))
    return emails


def with_the_change(enqueue) -> None:
    """Queue delivery in the transaction that wrote the rows, or on its commit.

    With the queue in the database (the default backend), the delivery task is one more row
    of the same transaction: the change, its email and the task commit together or not at
    all. With any other queue, delivery is queued only once the rows are committed, so a
    rolled-back change sends nothing; a crash in between is what the sweeper is for.
    """
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(task_backends["default"], DatabaseBackend):
        enqueue()
    else:
        transaction.on_commit(enqueue)


def parliament_name() -> str:
    return (
        settings.PARLIAMENT_NAME_CY
        if translation.get_language() == "cy"
        else settings.PARLIAMENT_NAME_EN
    )


def _enqueue_delivery(email_id: int) -> None:
    from deiseb.core.tasks import deliver_email

    deliver_email.enqueue(email_id)


def enqueue_deliveries(email_ids: list[int], *, priority: int | None = None) -> int:
    """One delivery task per DELIVERY_BATCH rows; returns how many tasks were queued."""
    from deiseb.core.tasks import deliver_emails

    task = deliver_emails if priority is None else deliver_emails.using(priority=priority)
    chunks = [email_ids[i : i + DELIVERY_BATCH] for i in range(0, len(email_ids), DELIVERY_BATCH)]
    for chunk in chunks:
        task.enqueue(chunk)
    return len(chunks)


def deliver(email_id: int, now=None, *, worker_id: str = "") -> str:
    """Send one queued email; returns what happened. Safe to call twice for one row."""
    outcomes = deliver_many([email_id], now, worker_id=worker_id)
    return next(iter(outcomes), "skipped")


def claim(email_ids: list[int], now, worker_id: str) -> list[OutboundEmail]:
    """Take the rows among these that are queued and due, in one conditional UPDATE.

    The claim names the worker, so if it dies mid-send the reaper requeues the rows as soon
    as its heartbeat stops; the claim's deadline tells this call's rows from any other's.
    """
    until = now + STALE_SENDING
    OutboundEmail.objects.filter(
        pk__in=email_ids, status=Status.QUEUED, next_attempt_at__lte=now
    ).update(
        status=Status.SENDING,
        claimed_by=worker_id,
        attempts=F("attempts") + 1,
        next_attempt_at=until,
    )
    return list(
        OutboundEmail.objects.filter(
            pk__in=email_ids, status=Status.SENDING, claimed_by=worker_id, next_attempt_at=until
        ).order_by("pk")
    )


def deliver_many(email_ids: list[int], now=None, *, worker_id: str = "") -> Counter:
    """Send these queued emails over one SMTP connection; counts what happened to each.

    Rows not queued or not yet due are skipped, so calling it twice for a row sends it once.
    Delivery is at least once, but only just: see _SmtpSender.
    """
    now = now or timezone.now()
    claimed = claim(email_ids, now, worker_id)
    outcomes = Counter(skipped=len(set(email_ids)) - len(claimed))
    if not claimed:
        return outcomes
    backend = get_connection()
    sender = _SmtpSender(backend) if isinstance(backend, SmtpBackend) else _BackendSender(backend)
    pending = list(claimed)
    try:
        _unhurried_marks(True)
        while pending:
            try:
                sender.open()
            except Exception as exc:  # noqa: BLE001 - the server is away: every one waits
                for email in pending:
                    outcomes[_record_failure(email, exc, now)] += 1
                pending = []
                break
            outcomes[sender.send(pending.pop(0), now)] += 1
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            sender.close()
        try:
            _unhurried_marks(False)
            if pending:  # an unexpected error: give back what was never tried
                _give_back(pending)
        except DatabaseError:  # the database is away: the sweep finds them after STALE_SENDING
            logger.exception("Could not give back %s claimed emails", len(pending))
    return Counter({k: v for k, v in outcomes.items() if v})


def _unhurried_marks(on: bool) -> None:
    """PostgreSQL need not wait for its disk for each mark: a worker killed after a commit
    still has it; only a database crash could forget one (the row then waits STALE_SENDING)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO " + ("off" if on else "DEFAULT"))


def _give_back(emails: list[OutboundEmail]) -> None:
    OutboundEmail.objects.filter(
        pk__in=[email.pk for email in emails], status=Status.SENDING
    ).update(
        status=Status.QUEUED,
        next_attempt_at=timezone.now(),
        claimed_by="",
        attempts=F("attempts") - 1,
    )


def message_for(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={
            "Auto-Submitted": "auto-generated",
            "Content-Language": email.language,
            "Message-ID": message_id(email),
            **email.headers,
        },
    )
    message.attach_alternative(email.body_html, "text/html")
    return message


def message_bytes(email: OutboundEmail) -> bytes:
    """The message as message_for(email).message() gives it, written directly for the usual
    case (ASCII addresses, lines within RFC 5322's 998): the email package takes a couple of
    milliseconds a message, which would be most of the cost of a large fan-out."""
    from_email = settings.DEFAULT_FROM_EMAIL
    text, html = _lines(email.body_text), _lines(email.body_html)
    if not (email.to.isascii() and from_email.isascii() and text is not None and html is not None):
        return message_for(email).message().as_bytes(linesep="\r\n")
    boundary = f"=_deiseb_{secrets.token_hex(16)}"
    headers = {
        "Subject": email.subject,
        "From": from_email,
        "To": email.to,
        "Date": formatdate(localtime=settings.EMAIL_USE_LOCALTIME),
        "Message-ID": message_id(email),
        "Auto-Submitted": "auto-generated",
        "Content-Language": email.language,
        **email.headers,
        "MIME-Version": "1.0",
        "Content-Type": f'multipart/alternative; boundary="{boundary}"',
    }
    parts = [_header(name, value) for name, value in headers.items()] + [""]
    for subtype, body in (("plain", text), ("html", html)):
        encoding = "7bit" if body.isascii() else "8bit"
        parts += [
            f"--{boundary}",
            f'Content-Type: text/{subtype}; charset="utf-8"',
            "MIME-Version: 1.0",
            f"Content-Transfer-Encoding: {encoding}",
            "",
            body,
        ]
    parts += [f"--{boundary}--", ""]
    return "\r\n".join(parts).encode()


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _lines(body: str) -> str | None:
    """The body with CRLF line ends, or None if a line is too long to send as it is."""
    lines = _NEWLINE.split(body)
    if any(len(line) > 998 // 4 and len(line.encode()) > 998 for line in lines):
        return None
    return "\r\n".join(lines)


@functools.lru_cache(maxsize=256)
def _header(name: str, value: str) -> str:
    if "\n" in value or "\r" in value:
        raise BadHeaderError(f"Header values can't contain newlines ({name})")
    if value.isascii():
        return f"{name}: {value}"
    return f"{name}: {Header(value, 'utf-8', header_name=name).encode(linesep=chr(13) + chr(10))}"


def message_id(email: OutboundEmail) -> str:
    """The same for every attempt at one row, so a mail system that drops a repeated
    Message-ID (as Gmail does) hides even the one duplicate a badly timed kill can cause."""
    return f"<deiseb.{email.pk}.{email.created_at:%Y%m%d%H%M%S}@{message_domain()}>"


def message_domain() -> str:
    return _domain_of(settings.DEFAULT_FROM_EMAIL)


@functools.lru_cache
def _domain_of(address: str) -> str:
    return parseaddr(address)[1].rpartition("@")[2] or "deiseb.invalid"


def _mark_sent(email: OutboundEmail) -> None:
    """One autocommitted UPDATE: once its bytes have left for the database, it commits whether
    or not this process lives to read the answer."""
    # Unconditional: even if a reaper requeued the row meanwhile, it has gone, so stop it.
    table = connection.ops.quote_name(OutboundEmail._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, sent_at = %s, last_error = '', claimed_by = '' "
            "WHERE id = %s",
            [Status.SENT.value, connection.ops.adapt_datetimefield_value(timezone.now()), email.pk],
        )


_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")


def _end_and_mark(smtp: smtplib.SMTP, email: OutboundEmail) -> None:
    """Write the final "." and mark the row sent, as close together as the database allows.

    PostgreSQL: the mark's UPDATE is written to the server first, then the ".", with nothing
    in between; both answers are read after. A worker killed before the mark leaves sends
    nothing (the server drops a message without its "."), and the reaper sends it again; one
    killed after the "." leaves a row that says sent. Only a kill in the microseconds between
    the two writes loses the message, and no kill sends one twice. (The other way round, "."
    first, a kill before the mark had gone sent a message twice: one in ten runs of
    tests/faults/test_fanout_killed.py on a loaded box, where ~50 µs of Python lay between.)
    SQLite: the UPDATE first, in a transaction, since taking the write lock can wait for
    another writer; then the "." (corked, so the kernel holds it until the commit, a local
    write, has been made). Either way the row is marked sent whatever the answer.
    """
    if connection.vendor == "postgresql":
        _mark_then_end(smtp, email)
        return
    corked = _cork(smtp, True)
    try:
        with transaction.atomic():
            _mark_sent(email)
            smtp.send(b"." + CRLF)  # the server has the message from here on
    finally:
        if corked:  # a broken connection shows in the answer, read next
            with contextlib.suppress(OSError):
                _cork(smtp, False)


_MARK = (
    f"UPDATE \"{OutboundEmail._meta.db_table}\" SET status = $1, sent_at = $2, last_error = '', "
    "claimed_by = '' WHERE id = $3"
).encode()


def _mark_then_end(smtp: smtplib.SMTP, email: OutboundEmail) -> None:
    """The mark's bytes to PostgreSQL, the "." to the SMTP server, then PostgreSQL's answer:
    libpq's own send and fetch, which the cursor's execute joins into one call."""
    from psycopg import generators, pq

    connection.ensure_connection()
    pg = connection.connection
    params = [
        Status.SENT.value.encode(),
        timezone.now().isoformat().encode(),
        str(email.pk).encode(),
    ]
    with connection.wrap_database_errors, pg.lock:
        pg.pgconn.send_query_params(_MARK, params)
        pg.wait(generators.send(pg.pgconn))
        smtp.send(b"." + CRLF)  # the server has the message from here on
        results = pg.wait(generators.fetch_many(pg.pgconn))
    for result in results:
        if result.status != pq.ExecStatus.COMMAND_OK:
            message = (result.error_message or b"").decode(errors="replace")
            raise DatabaseError(f"Could not mark email {email.pk} sent: {message}")


def _cork(smtp: smtplib.SMTP, on: bool) -> bool:
    if not hasattr(socket, "TCP_CORK") or smtp.sock is None:
        return False
    smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, int(on))
    return True


def _envelope_addresses(to: str) -> tuple[str, str]:
    """Sender and recipient as Django's backend gives them (a plain address is left as it is)."""
    if not _PLAIN_ADDRESS.fullmatch(to):
        to = sanitize_address(to, settings.DEFAULT_CHARSET)
    return _sanitized(settings.DEFAULT_FROM_EMAIL), to


@functools.lru_cache(maxsize=16)
def _sanitized(address: str) -> str:
    return sanitize_address(address, settings.DEFAULT_CHARSET)


class _BackendSender:
    """Any other mail backend (the outbox in the demo, memory in tests): send, then mark."""

    def __init__(self, backend):
        self.backend = backend

    def open(self) -> None:
        self.backend.open()

    def close(self) -> None:
        self.backend.close()

    def send(self, email: OutboundEmail, now) -> str:
        try:
            self.backend.send_messages([message_for(email)])
        except Exception as exc:  # noqa: BLE001 - every failure is either retried or recorded
            return _record_failure(email, exc, now)
        _mark_sent(email)
        return "sent"


_LEADING_DOT = re.compile(rb"(?m)^\.")
CRLF = b"\r\n"


class _SmtpSender:
    """One SMTP connection for a batch, reopened after the server drops it.

    The SMTP transaction is smtplib's sendmail taken apart, so that the row is marked sent as
    the final "." is written, before the server's answer is awaited. A worker killed before
    both leaves an unfinished message, which an SMTP server discards, and a row the reaper
    requeues; one killed after both leaves a row that says what happened. Only a kill between
    those two writes, microseconds apart, is ambiguous (see _end_and_mark). The price: a
    server that refuses the message at its end turns the mark into a retry a moment later, and a
    kill in that moment would lose the retry.
    """

    def __init__(self, backend: SmtpBackend):
        self.backend = backend

    def open(self) -> None:
        if self.backend.connection is None:
            self.backend.open()
            # The "." goes in a segment of its own, straight after the body: without this,
            # Nagle's algorithm holds it until the body is acknowledged (40 ms on Linux).
            self.backend.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self) -> None:
        self.backend.close()

    def send(self, email: OutboundEmail, now) -> str:
        try:
            data = message_bytes(email)
            sender, recipient = _envelope_addresses(email.to)
        except Exception as exc:  # noqa: BLE001 - a row that cannot be written is recorded
            return _record_failure(email, exc, now)
        smtp = self.backend.connection
        marked = False
        try:
            self._envelope(smtp, sender, [recipient], len(data))
            body = _LEADING_DOT.sub(b"..", data)
            if not body.endswith(CRLF):
                body += CRLF
            smtp.send(body)
            _end_and_mark(smtp, email)
            marked = True
            code, reply = smtp.getreply()
            if code != 250:
                _after_refusal(smtp, code)
                raise smtplib.SMTPDataError(code, reply)
        except smtplib.SMTPException as exc:
            if smtp.sock is None or isinstance(exc, smtplib.SMTPServerDisconnected):
                self.drop()
            return _record_failure(email, exc, now, marked=marked)
        except OSError as exc:  # a timeout or a reset: the connection is no use now
            self.drop()
            return _record_failure(email, exc, now, marked=marked)
        return "sent"

    def drop(self) -> None:
        try:
            self.backend.close()
        finally:
            self.backend.connection = None

    @staticmethod
    def _envelope(smtp: smtplib.SMTP, from_addr: str, recipients: list[str], size: int) -> None:
        """MAIL, RCPT and DATA, answered as smtplib.sendmail answers them."""
        smtp.ehlo_or_helo_if_needed()
        options = [f"size={size}"] if smtp.does_esmtp and smtp.has_extn("size") else []
        code, reply = smtp.mail(from_addr, options)
        if code != 250:
            _after_refusal(smtp, code)
            raise smtplib.SMTPSenderRefused(code, reply, from_addr)
        refused = {}
        for recipient in recipients:
            code, reply = smtp.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient] = (code, reply)
            if code == 421:
                smtp.close()
                raise smtplib.SMTPRecipientsRefused(refused)
        if len(refused) == len(recipients):
            smtp.rset()
            raise smtplib.SMTPRecipientsRefused(refused)
        smtp.putcmd("data")
        code, reply = smtp.getreply()
        if code != 354:
            _after_refusal(smtp, code)
            raise smtplib.SMTPDataError(code, reply)


def _after_refusal(smtp: smtplib.SMTP, code: int) -> None:
    """As smtplib does: a 421 means the server is closing; otherwise reset the transaction."""
    if code == 421:
        smtp.close()
        return
    with contextlib.suppress(smtplib.SMTPServerDisconnected):
        smtp.rset()


def _is_permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return False


def _record_failure(email: OutboundEmail, exc: Exception, now, *, marked: bool = False) -> str:
    reason = f"{type(exc).__name__}: {getattr(exc, 'smtp_code', '')}".strip(": ")
    if _is_permanent(exc) or email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        logger.warning("Email %s (%s) failed permanently: %s", email.pk, email.kind, reason)
        status, next_attempt = Status.FAILED, now
        outcome = "failed"
    else:
        backoff = min(
            timezone.timedelta(seconds=settings.EMAIL_RETRY_BACKOFF * 2**email.attempts),
            MAX_BACKOFF,
        )
        logger.info("Email %s (%s) will be retried: %s", email.pk, email.kind, reason)
        status, next_attempt = Status.QUEUED, now + backoff
        outcome = "retry"
    if marked:  # marked sent a moment before the server refused it: nobody else touches it
        still_ours = {"status": Status.SENT}
    else:  # only while still ours: a row the reaper requeued may be in another worker's hands
        still_ours = {"status": Status.SENDING, "claimed_by": email.claimed_by}
    OutboundEmail.objects.filter(pk=email.pk, **still_ours).update(
        status=status,
        next_attempt_at=next_attempt,
        last_error=reason[:255],
        claimed_by="",
        sent_at=None,
    )
    return outcome


def release_claims(worker_ids, now) -> list[int]:
    """Requeue the rows these (dead) workers were sending, and queue their delivery again."""
    sending = OutboundEmail.objects.filter(status=Status.SENDING, claimed_by__in=list(worker_ids))
    email_ids = list(sending.values_list("pk", flat=True))
    sending.filter(pk__in=email_ids).update(
        status=Status.QUEUED, next_attempt_at=now, claimed_by=""
    )
    if email_ids:
        # They were the oldest in the queue when claimed: they go next, not behind the rest.
        transaction.on_commit(lambda: enqueue_deliveries(email_ids, priority=TAKEN_BACK))
    return email_ids


def due_email_ids(now=None) -> list[int]:
    """Queued rows whose time has come, and rows abandoned mid-send by a runner that keeps no
    heartbeat (an inline run); a worker's claims are released by the reaper much sooner."""
    now = now or timezone.now()
    OutboundEmail.objects.filter(status=Status.SENDING, next_attempt_at__lte=now).update(
        status=Status.QUEUED
    )
    return list(
        OutboundEmail.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )[:1000]
    )
