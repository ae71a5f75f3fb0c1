"""Signing and confirming: the one-person-one-signature rules, enforced by the database.

PRODUCT.md: an email may sign a petition at most twice, and the second time only for another
person at the same postcode (a household). The unique constraints on (petition, email, slot)
and (petition, email, name) make that true under concurrency; this module turns a constraint
violation into the same polite outcome as a duplicate seen in advance.

The web request only queues the attempt (`request_signature`); the worker decides what it is
(`sign_petition`). So the POST does the same work whatever the outcome, and its timing cannot
tell anyone whether an email has already signed.
"""

import datetime
import enum

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from deiseb.geography.models import Country
from deiseb.geography.services import locate
from deiseb.lib.emails import canonical_email
from deiseb.lib.postcodes import normalise
from deiseb.petitions.lifecycle import VERBS
from deiseb.petitions.models import Petition
from deiseb.ratelimits import rules
from deiseb.ratelimits import services as ratelimits
from deiseb.signatures import emails, screening
from deiseb.signatures.models import Signature, domain_of, new_token


def request_signature(petition, **details) -> None:
    """Queue one signing attempt for the worker: the same single write for every outcome."""
    from deiseb.signatures.tasks import record_signature

    record_signature.enqueue(petition.pk, **details)


class Outcome(enum.Enum):
    CREATED = "created"
    RESENT = "resent"  # the same person, not yet confirmed: send the confirmation again
    DUPLICATE = "duplicate"  # already signed, or the email's two places are used


def sign_petition(
    petition,
    *,
    kind: str = Signature.Kind.SIGNER,
    name: str,
    email: str,
    postcode: str,
    country_code: str,
    notify_by_email: bool,
    language: str,
    ip_address: str | None = None,
) -> tuple[Outcome, Signature | None]:
    """Record a signature and email its confirmation link; never reveals duplicates to the page.

    Whatever the outcome, the signer gets an email (a confirmation link, or a note that they
    have already signed), so the web response is the same for everyone. A signature over a
    signing rate or on the block list is stored as FRAUDULENT and answered the same way
    (`screening`); only its link does nothing.
    """
    canonical = canonical_email(email)
    postcode = normalise(postcode)
    placement = locate(postcode, country_code)
    ip, domain = rules.parse_ip(ip_address), domain_of(canonical)
    for _attempt in range(3):
        existing = list(
            Signature.objects.filter(petition=petition, canonical_email=canonical).order_by("slot")
        )
        duplicate = _answer_duplicate(existing, name, postcode)
        if duplicate:
            return duplicate
        try:
            # The signature and its confirmation email commit together or not at all.
            with transaction.atomic():
                banned = screening.is_shadow_banned(
                    petition, kind=kind, ip=ip, domain=domain, emails=(email.strip(), canonical)
                )
                signature = Signature.objects.create(
                    petition=petition,
                    kind=kind,
                    state=Signature.State.FRAUDULENT if banned else Signature.State.PENDING,
                    name=name,
                    email=email.strip(),
                    canonical_email=canonical,
                    slot=len(existing) + 1,
                    postcode=postcode,
                    country=placement.country,
                    constituency=placement.constituency,
                    email_domain=domain,
                    disposable=rules.is_disposable(domain),
                    ip_address=ip,
                    notify_by_email=notify_by_email,
                    language=language,
                )
                _count_email(canonical)  # a new signature's link always goes, but it counts
                emails.confirm_signature(signature)
        except IntegrityError:
            continue  # someone with this email signed at the same moment; look again
        return Outcome.CREATED, signature
    return Outcome.DUPLICATE, None


def sign_for_creator(
    sender, *, petition, notify_by_email: bool, language: str, ip_address=None, **kwargs
) -> None:
    """A petition started online is its creator's first signature: it confirms their email."""
    sign_petition(
        petition,
        kind=Signature.Kind.CREATOR,
        name=petition.creator_name,
        email=petition.creator_email,
        postcode=petition.creator_postcode,
        country_code=Country.WALES,
        notify_by_email=notify_by_email,
        language=language,
        ip_address=ip_address,
    )


def _answer_duplicate(existing, name: str, postcode: str):
    """If this is a duplicate, email the signer the right answer and return the outcome.

    Answers to one inbox are rate limited across every petition, so signing again and again
    cannot flood someone's mail; the page says the same either way.
    """
    same_person = next((s for s in existing if s.name.lower() == name.lower()), None)
    if same_person is not None:
        if awaits_confirmation(same_person):
            if link_expired(same_person):
                _renew_link(same_person)
            if _may_email(same_person):
                emails.confirm_signature(same_person)
            return Outcome.RESENT, same_person
        if _may_email(same_person):
            emails.already_signed(same_person)
        return Outcome.DUPLICATE, same_person
    if existing and (
        len(existing) >= settings.SIGNATURES_PER_EMAIL_MAX or existing[0].postcode != postcode
    ):
        if _may_email(existing[0]):
            emails.already_signed(existing[0])
        return Outcome.DUPLICATE, existing[0]
    return None


def _may_email(signature: Signature) -> bool:
    return ratelimits.allow(
        "inbox",
        signature.canonical_email,
        settings.RATE_LIMIT_EMAILS_PER_INBOX,
        settings.RATE_LIMIT_WINDOW,
    )


def _count_email(canonical: str) -> None:
    if settings.RATE_LIMIT_EMAILS_PER_INBOX > 0:
        ratelimits.attempts("inbox", canonical, settings.RATE_LIMIT_WINDOW)


def awaits_confirmation(signature: Signature) -> bool:
    """Its link has not been used. A fraudulent signature is answered like a pending one until
    its link is used (`validated_at` is then set, though it never counts), and like a confirmed
    one after: nothing a signer sees tells the two apart."""
    if signature.state == Signature.State.FRAUDULENT:
        return signature.validated_at is None
    return signature.state == Signature.State.PENDING


def link_expired(signature: Signature) -> bool:
    age = timezone.now() - signature.created_at
    return awaits_confirmation(signature) and age.days >= settings.SIGNATURE_TOKEN_DAYS


def _renew_link(signature: Signature) -> None:
    """Signing again after the link expired sends a fresh link, never the dead one."""
    signature.token = new_token()
    signature.created_at = timezone.now()
    Signature.objects.filter(pk=signature.pk, state=signature.state, validated_at=None).update(
        token=signature.token, created_at=signature.created_at
    )


class ConfirmError(Exception):
    """Why a confirmation link cannot be used; the view turns each into a clear page."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# What the confirmation page and its POST read of a signature: none of the signer's own details.
CONFIRM_FIELDS = (
    "petition",
    "kind",
    "state",
    "token",
    "created_at",
    "validated_at",
    "constituency",
)


def find_signature(token: str) -> Signature:
    """The signature a link names, with its petition: the kept copy once published, since a
    crowd confirming at once would otherwise each read the petition's texts again."""
    from deiseb.petitions.services import published_petition

    signature = Signature.objects.only(*CONFIRM_FIELDS).filter(token=token[:40]).first()
    if signature is None:
        raise ConfirmError("unknown")
    kept = published_petition(signature.petition_id)
    if kept is not None:
        signature.petition = kept
    return signature


def check_confirmable(signature: Signature) -> None:
    if signature.state == Signature.State.INVALIDATED:
        raise ConfirmError("invalidated")
    if not awaits_confirmation(signature):
        raise ConfirmError("already")
    if link_expired(signature):
        raise ConfirmError("expired")
    petition = signature.petition
    signable = petition.is_open or petition.accepts_late_confirmations
    # A supporter who confirms after publication simply signs: their support still counts.
    if signature.kind == Signature.Kind.SPONSOR and (petition.accepts_supporters or signable):
        return
    if signature.kind != Signature.Kind.CREATOR and not signable:
        raise ConfirmError("closed")


def confirm_link(token: str, *, ip_address: str | None = None) -> Signature:
    """Use the link a confirmation email holds: the crowd's case in one statement, every other
    (a creator or supporter, the grace after closing, a link that cannot be used) checked in
    full, raising ConfirmError with the reason."""
    return confirm_open_link(token, ip_address=ip_address) or confirm_signature(
        find_signature(token), ip_address=ip_address
    )


def confirm_open_link(token: str, *, ip_address: str | None = None) -> Signature | None:
    """A signer's unused, unexpired link on an open petition, used up in one statement; None
    for anything else, which `find_signature` and `confirm_signature` then answer.

    The crowd confirming on the viral day costs one round trip each. A fraudulent signature
    takes the same statement and stays fraudulent, so nothing in the answer or its timing
    tells the two apart. The conditions are `check_confirmable`'s for this case; a test holds
    the two to the same answers.
    """
    ops = connection.ops
    table, petitions = (ops.quote_name(m._meta.db_table) for m in (Signature, Petition))
    now, ip = timezone.now(), rules.parse_ip(ip_address)
    expired_before = now - datetime.timedelta(days=settings.SIGNATURE_TOKEN_DAYS)
    State = Signature.State
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET validated_at = %s, validated_ip = %s, "
            "state = CASE WHEN state = %s THEN state ELSE %s END "
            "WHERE token = %s AND kind = %s AND state IN (%s, %s) AND validated_at IS NULL "
            f"AND created_at > %s AND petition_id IN (SELECT id FROM {petitions} WHERE state = %s) "
            "RETURNING id, petition_id, constituency_id, state",
            [
                ops.adapt_datetimefield_value(now),
                ops.adapt_ipaddressfield_value(ip),
                State.FRAUDULENT,
                State.VALIDATED,
                token[:40],
                Signature.Kind.SIGNER,
                State.PENDING,
                State.FRAUDULENT,
                ops.adapt_datetimefield_value(expired_before),
                Petition.State.OPEN,
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    pk, petition_id, constituency_id, state = row
    return Signature(
        pk=pk,
        petition_id=petition_id,
        constituency_id=constituency_id,
        kind=Signature.Kind.SIGNER,
        state=state,
        token=token[:40],
        validated_at=now,
        validated_ip=ip,
    )


def confirm_signature(signature: Signature, *, ip_address: str | None = None) -> Signature:
    """Mark a signature confirmed (it then counts at the next counter run) and move the petition.

    A fraudulent signature's link is used up the same way, and with the same answer, but it
    stays fraudulent: it is never counted and never moves the petition. A signer's link is one
    conditional UPDATE, atomic by itself, so the crowd confirming on the viral day pays for no
    transaction around it.
    """
    if signature.kind == Signature.Kind.SIGNER:
        return _use_link(signature, ip_address)
    from deiseb.petitions import services as petitions

    with transaction.atomic():
        # Serialise confirmations during the supporter phase, so two supporters confirming at
        # once still see each other and move the petition into moderation.
        petition = (
            type(signature.petition).objects.select_for_update().get(pk=signature.petition_id)
        )
        signature.petition = petition
        _use_link(signature, ip_address)
        if signature.state == Signature.State.FRAUDULENT:
            return signature
        if signature.kind == Signature.Kind.CREATOR and VERBS["validate"].allows(petition):
            petitions.validate_petition(petition)
        elif signature.kind == Signature.Kind.SPONSOR:
            petitions.sponsor_petition_if_ready(petition)
    return signature


def _use_link(signature: Signature, ip_address: str | None) -> Signature:
    """Check the link, then use it up: exactly once, however many POSTs race for it."""
    check_confirmable(signature)
    now, ip = timezone.now(), rules.parse_ip(ip_address)
    after = (
        signature.state
        if signature.state == Signature.State.FRAUDULENT
        else Signature.State.VALIDATED
    )
    updated = Signature.objects.filter(
        pk=signature.pk, state=signature.state, validated_at=None
    ).update(state=after, validated_at=now, validated_ip=ip)
    if updated != 1:
        raise ConfirmError("already")
    signature.state, signature.validated_at, signature.validated_ip = after, now, ip
    return signature


def sponsors_full(petition) -> bool:
    return petition.signatures.sponsors().validated().count() >= settings.PETITION_SPONSORS_MAX
