"""What moderators do to a petition, each a lifecycle verb (deiseb.petitions.lifecycle).

Each verb also writes the staff audit log, in the same transaction as the change.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deiseb.accounts.roles import MODERATORS, SYSADMINS, has_role
from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.moderation.models import Rejection, RejectionReason
from deiseb.petitions import services as petitions
from deiseb.petitions.lifecycle import InvalidTransition, perform
from deiseb.petitions.models import TEXT_FIELDS, Petition
from deiseb.petitions.services import closing_time
from deiseb.signatures.counting import count_signatures

State = Petition.State
# Who decides petitions: moderators, and sysadmins, who may do whatever a moderator may (as in
# e-petitions, and as they may do a clerk's work) and alone may re-moderate (may_remoderate).
DECIDERS = (MODERATORS, SYSADMINS)


class MissingTranslation(InvalidTransition):
    """Publishing needs the text in both languages."""


class TextChangeRefused(Exception):
    """This person may not make this change to the text now (see text_change_problem)."""


def has_public_text(petition: Petition) -> bool:
    """People have read, and perhaps signed, this text: it is published, or it was open."""
    return petition.is_published or petition.opened_at is not None


def may_remoderate(user, petition: Petition) -> bool:
    """Whether `user` may restore, or reject again, a petition already rejected or hidden.

    Only a sysadmin may: the creator and supporters have been told the decision, and a hidden
    petition was hidden for what it says, so undoing or changing it wants more than one
    moderator's second thoughts.
    """
    return not petition.is_rejected or has_role(user, SYSADMINS)


def text_change_problem(petition: Petition, changes: dict, *, by, reason: str) -> str:
    """Why `by` may not make these changes ("" if they may).

    A translator adds the missing language while the petition is in moderation, and nothing
    more. Once people have read the text, only a moderator changes it, and says why.
    """
    if has_role(by, *DECIDERS):
        if has_public_text(petition) and not reason.strip():
            return _("Give a reason for changing the text of a published petition.")
        return ""
    if not petition.is_in_moderation:
        return _("Only a moderator can change the text of this petition now.")
    if any(before for before, _after in changes.values()):
        return _("Translators can add the missing language, not change text already written.")
    return ""


@transaction.atomic
def update_petition_text(petition: Petition, *, by, reason: str = "", **texts) -> dict:
    """Staff supply or correct the text; returns {field: [before, after]} for what changed.

    The before and after are kept in the petition's history and in the audit log, with the
    reason. The row is locked so that "before" is what the text really was.
    """
    current = Petition.objects.select_for_update().get(pk=petition.pk)
    changes = {
        field: [getattr(current, field), texts[field]]
        for field in TEXT_FIELDS
        if field in texts and texts[field] != getattr(current, field)
    }
    if not changes:
        return {}
    if problem := text_change_problem(current, changes, by=by, reason=reason):
        raise TextChangeRefused(problem)
    after = {field: value for field, (_before, value) in changes.items()}
    perform("edit_text", petition, by=by, notes=reason, changes=changes, **after)
    audit.record(by, AuditEntry.Action.EDIT_TEXT, petition, changes=changes, notes=reason)
    return changes


def _perform(verb: str, petition: Petition, *, by, audit_action, notes: str = "", **kwargs):
    """A lifecycle verb and its entry in the staff audit log; callers hold the transaction."""
    state_before = petition.state
    perform(verb, petition, by=by, notes=notes, **kwargs)
    changes = {"state": [state_before, petition.state]}
    audit.record(by, audit_action, petition, changes=changes, notes=notes)


@transaction.atomic
def publish_petition(petition: Petition, *, by) -> None:
    """Open the petition for signatures and fix its closing date."""
    if not petition.has_both_languages:
        raise MissingTranslation(f"petition {petition.pk} needs its text in both languages")
    now = timezone.now()
    _perform(
        "publish",
        petition,
        by=by,
        audit_action=AuditEntry.Action.PUBLISH,
        at=now,
        closes_at=closing_time(now, petition.duration_days),
    )


@transaction.atomic
def reject_petition(
    petition: Petition,
    reason: RejectionReason,
    *,
    by,
    details_en: str = "",
    details_cy: str = "",
    duplicate_of: Petition | None = None,
) -> None:
    """Reject with a reason; a hidden reason (libellous, offensive…) hides the petition too.

    `duplicate_of` is the petition to sign instead, linked from the rejected one's page.
    """
    Rejection.objects.update_or_create(
        petition=petition,
        defaults={
            "reason": reason,
            "details_en": details_en,
            "details_cy": details_cy,
            "duplicate_of": duplicate_of,
            "created_at": timezone.now(),
        },
    )
    _perform(
        "hide" if reason.hidden else "reject",
        petition,
        by=by,
        audit_action=AuditEntry.Action.REJECT,
        notes=reason.code,
    )


@transaction.atomic
def flag_petition(petition: Petition, *, by, notes: str = "") -> None:
    _perform("flag", petition, by=by, audit_action=AuditEntry.Action.FLAG, notes=notes)


@transaction.atomic
def unflag_petition(petition: Petition, *, by, notes: str = "") -> None:
    _perform("unflag", petition, by=by, audit_action=AuditEntry.Action.UNFLAG, notes=notes)


@transaction.atomic
def restore_petition(petition: Petition, *, by, notes: str = "") -> None:
    """Undo a rejection: back to where it would be now had it not been rejected."""
    if petition.opened_at is None:
        target = State.SPONSORED
    elif petition.closes_at and petition.closes_at > timezone.now():
        target = State.OPEN
    else:
        target = State.CLOSED
    _perform(
        "restore",
        petition,
        to=target,
        by=by,
        audit_action=AuditEntry.Action.RESTORE,
        notes=notes,
        rejected_at=None,
        closed_at=petition.closed_at or (petition.closes_at if target == State.CLOSED else None),
    )
    Rejection.objects.filter(petition=petition).delete()


def decide_referrals(now=None) -> tuple[int, int]:
    """A day after closing: refer those at the referral threshold, close the rest as insufficient.

    The day's grace lets signatures made before the close be confirmed and counted first.
    """
    now = now or timezone.now()
    referred = insufficient = 0
    due = list(Petition.objects.awaiting_referral_decision(now).values_list("pk", flat=True))
    if due:
        count_signatures()
    for petition in Petition.objects.filter(pk__in=due):
        reaches_threshold = petition.signature_count >= petition.referral_threshold
        try:
            with transaction.atomic():
                if reaches_threshold:
                    refer_petition(petition, now)
                else:
                    reject_as_insufficient(petition, now)
        except InvalidTransition:
            continue  # another run decided it a moment ago, as close_due_petitions allows for
        if reaches_threshold:
            referred += 1
        else:
            insufficient += 1
    return referred, insufficient


def refer_petition(petition: Petition, now) -> None:
    perform("refer", petition, at=now)


def reject_as_insufficient(petition: Petition, now) -> None:
    reason = RejectionReason.objects.get(code=RejectionReason.INSUFFICIENT)
    with transaction.atomic():
        Rejection.objects.update_or_create(petition=petition, defaults={"reason": reason})
        perform("close_insufficient", petition, at=now, notes=reason.code)


def close_petitions(now=None) -> dict:
    """The scheduled job: close what is due, then decide on what closed a day ago.

    It lives here, above petitions, because the decision needs the count (signatures) and
    records a rejection (this app's); closing on the date is the petitions app's own verb.
    """
    closed = petitions.close_due_petitions(now)
    referred, insufficient = decide_referrals(now)
    return {"closed": closed, "referred": referred, "insufficient": insufficient}
