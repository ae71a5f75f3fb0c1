"""Writing the audit log: one function, `record`, called inside the transaction of the change.

Personal data never reaches the log: values of fields that hold an email address, postcode,
address, phone number, IP address, password, token, an email's content or a signer's name are
replaced by REDACTED, and anything else that looks like an email address, a postcode or an IP
address is masked, in descriptions, notes and values alike. (The petition's own history keeps
its text exactly; this log is read more widely and kept longer.)
"""

import datetime
import re
import uuid
from decimal import Decimal
from typing import NamedTuple

from django.db import models

from deiseb.audit.models import REDACTED, AuditEntry

PERSONAL_SUFFIXES = ("email", "postcode", "address", "phone", "password", "token")
PERSONAL_NAMES = {
    *("ip", "ip_address", "user_agent", "last_login", "key"),  # "key": a second factor's secret
    *("to", "body_text", "body_html", "headers"),  # an email's recipient and content
}
PERSONAL_BY_MODEL = {"signatures.signature": {"name"}}
_PERSONAL_TEXT = re.compile(
    r"[^\s@]+@[^\s@]+"  # email addresses
    r"|\b[A-Z]{1,2}[0-9][0-9A-Z]?\s*[0-9][A-Z]{2}\b"  # UK postcodes
    r"|\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}\b"  # IPv4
    r"|(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}|[0-9a-f]{0,4}(?::[0-9a-f]{1,4})*::[0-9a-f:]*",  # IPv6
    re.IGNORECASE,
)


class ObjectRef(NamedTuple):
    """What an entry is about, taken before the object changes (or is deleted)."""

    type: str
    id: str
    description: str

    @classmethod
    def of(cls, obj: models.Model) -> "ObjectRef":
        return cls(obj._meta.label_lower, str(obj.pk), scrub(str(obj))[:200])


def record(actor, action: str, obj, *, changes: dict | None = None, notes: str = "") -> AuditEntry:
    """Write one entry: `actor` did `action` to `obj` (a model instance or an ObjectRef).

    `changes` is {field: [before, after]}; call it inside the transaction that makes the change,
    so the change and its entry are written together or not at all.
    """
    ref = obj if isinstance(obj, ObjectRef) else ObjectRef.of(obj)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor is not None else "",
        action=action,
        object_type=ref.type,
        object_id=ref.id,
        object_repr=ref.description,
        changes={
            field: [REDACTED, REDACTED] if is_personal(field, ref.type) else [_kept(b), _kept(a)]
            for field, (b, a) in (changes or {}).items()
        },
        notes=scrub(notes),
    )


def redact(entries, values) -> int:
    """Replace each of `values` in these entries' description, changes and notes; returns how
    many entries changed.

    The one rewrite the log allows: when retention anonymises a petition, the names and
    addresses of its people go from every entry about it too (the action stays, and who did it).
    """
    pattern = pattern_of(values)
    if pattern is None:
        return 0
    rewritten = 0
    for entry in entries.only("pk", "object_repr", "changes", "notes").iterator():
        after = {
            "object_repr": pattern.sub(REDACTED, entry.object_repr)[:200],
            "changes": redacted(entry.changes, pattern),
            "notes": pattern.sub(REDACTED, entry.notes),
        }
        before = {"object_repr": entry.object_repr, "changes": entry.changes, "notes": entry.notes}
        if after != before:
            # Past the append-only guard on purpose: this is erasure, not an edit of the record.
            models.QuerySet.update(AuditEntry.objects.filter(pk=entry.pk), **after)
            rewritten += 1
    return rewritten


def pattern_of(values) -> re.Pattern | None:
    """One pattern matching any of `values` as a whole (longest first), whatever their case:
    a short name redacts that name, not the letters of other words."""
    values = sorted({value for value in values if value}, key=len, reverse=True)
    if not values:
        return None
    alternatives = "|".join(re.escape(value) for value in values)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def redacted(value, pattern: re.Pattern):
    """`value` (text, or JSON's lists and dicts) with every match of `pattern` REDACTED."""
    if isinstance(value, str):
        return pattern.sub(REDACTED, value)
    if isinstance(value, list):
        return [redacted(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: redacted(item, pattern) for key, item in value.items()}
    return value


def is_personal(field: str, object_type: str = "") -> bool:
    name = field.lower()
    return (
        name in PERSONAL_NAMES
        or name.endswith(PERSONAL_SUFFIXES)
        or name in PERSONAL_BY_MODEL.get(object_type, ())
    )


def _kept(value):
    value = plain(value)
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_kept(item) for item in value]
    return value


def scrub(text: str) -> str:
    return _PERSONAL_TEXT.sub("…", text or "")


def plain(value):
    """A value as JSON keeps it: related objects by name, dates as ISO 8601, lists sorted."""
    if isinstance(value, models.Model):
        return scrub(str(value))
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return sorted((plain(item) for item in value), key=str)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name
    return value


def fields_of(obj: models.Model, names=None) -> dict:
    """The values of an object's fields (all, or those named), as `plain` writes them."""
    fields = [*obj._meta.concrete_fields, *obj._meta.many_to_many]
    return {
        field.name: plain(field.value_from_object(obj))
        for field in fields
        if names is None or field.name in names
    }


def differences(before: dict, after: dict) -> dict:
    """{field: [before, after]} for each field whose value is not the same afterwards."""
    return {
        field: [before.get(field), after.get(field)]
        for field in {**before, **after}
        if plain(before.get(field)) != plain(after.get(field))
    }
