"""Outgoing mail: render in the recipient's language, queue, deliver over SMTP, retry.

Each email is three templates (`<kind>_subject.txt`, `<kind>_body.txt`, `<kind>_body.html`).
A row in OutboundEmail is written in the same transaction as the change that caused it, and
delivery is queued only on commit, so a rolled-back change sends nothing and a crash after
commit loses nothing: the sweeper finds any row left queued.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from deiseb.core.models import OutboundEmail

logger = logging.getLogger(__name__)

# A row stuck in "sending" this long belongs to a runner that died mid-send.
STALE_SENDING = timezone.timedelta(minutes=10)
MAX_BACKOFF = timezone.timedelta(hours=6)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def queue_email(
    kind: str, to: str, language: str, context: dict, headers: dict | None = None
) -> OutboundEmail:
    """Render `kind` for one recipient in their language and queue it for delivery."""
    context = {**context, "site_url": settings.SITE_URL, "LANGUAGE_CODE": language}
    with translation.override(language):
        context.setdefault("parliament_name", parliament_name())
        subject = render_to_string(f"{kind}_subject.txt", context)
        body_text = render_to_string(f"{kind}_body.txt", context)
        body_html = render_to_string(f"{kind}_body.html", context)
    email = OutboundEmail.objects.create(
        kind=kind.rsplit("/", 1)[-1],
        to=to,
        language=language,
        subject=" ".join(subject.split())[:255],
        body_text=body_text.strip() + "\n",
        body_html=body_html,
        headers=headers or {},
    )
    transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


def parliament_name() -> str:
    return (
        settings.PARLIAMENT_NAME_CY
        if translation.get_language() == "cy"
        else settings.PARLIAMENT_NAME_EN
    )


def _enqueue_delivery(email_id: int) -> None:
    from deiseb.core.tasks import deliver_email

    deliver_email.enqueue(email_id)


def deliver(email_id: int, now=None, *, worker_id: str = "") -> str:
    """Send one queued email; returns what happened. Safe to call twice for one row.

    The claim names the worker, so if it dies mid-send the reaper requeues the row as soon as
    its heartbeat stops. Delivery is at least once: a worker killed after the SMTP server took
    the message but before the row says so sends that one message twice.
    """
    now = now or timezone.now()
    claimed = OutboundEmail.objects.filter(
        pk=email_id, status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now
    ).update(
        status=OutboundEmail.Status.SENDING,
        claimed_by=worker_id,
        attempts=F("attempts") + 1,
        next_attempt_at=now + STALE_SENDING,
    )
    if claimed != 1:
        return "skipped"
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={
            "Auto-Submitted": "auto-generated",
            "Content-Language": email.language,
            **email.headers,
        },
    )
    message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - every failure is either retried or recorded
        return _record_failure(email, exc, now)
    # Unconditional: even if a reaper requeued the row meanwhile, it has gone, so stop it.
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error="", claimed_by=""
    )
    return "sent"


def _is_permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return False


def _record_failure(email: OutboundEmail, exc: Exception, now) -> str:
    reason = f"{type(exc).__name__}: {getattr(exc, 'smtp_code', '')}".strip(": ")
    if _is_permanent(exc) or email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        logger.warning("Email %s (%s) failed permanently: %s", email.pk, email.kind, reason)
        status, next_attempt = OutboundEmail.Status.FAILED, now
        outcome = "failed"
    else:
        backoff = min(
            timezone.timedelta(seconds=settings.EMAIL_RETRY_BACKOFF * 2**email.attempts),
            MAX_BACKOFF,
        )
        logger.info("Email %s (%s) will be retried: %s", email.pk, email.kind, reason)
        status, next_attempt = OutboundEmail.Status.QUEUED, now + backoff
        outcome = "retry"
    # Only while still ours: a row the reaper requeued may be in another worker's hands now.
    OutboundEmail.objects.filter(
        pk=email.pk, status=OutboundEmail.Status.SENDING, claimed_by=email.claimed_by
    ).update(status=status, next_attempt_at=next_attempt, last_error=reason[:255], claimed_by="")
    return outcome


def release_claims(worker_ids, now) -> list[int]:
    """Requeue the rows these (dead) workers were sending, and queue their delivery again."""
    sending = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.SENDING, claimed_by__in=list(worker_ids)
    )
    email_ids = list(sending.values_list("pk", flat=True))
    sending.filter(pk__in=email_ids).update(
        status=OutboundEmail.Status.QUEUED, next_attempt_at=now, claimed_by=""
    )
    for email_id in email_ids:
        transaction.on_commit(lambda email_id=email_id: _enqueue_delivery(email_id))
    return email_ids


def due_email_ids(now=None) -> list[int]:
    """Queued rows whose time has come, and rows abandoned mid-send by a runner that keeps no
    heartbeat (an inline run); a worker's claims are released by the reaper much sooner."""
    now = now or timezone.now()
    OutboundEmail.objects.filter(
        status=OutboundEmail.Status.SENDING, next_attempt_at__lte=now
    ).update(status=OutboundEmail.Status.QUEUED)
    return list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:1000]
    )
