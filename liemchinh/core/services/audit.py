"""The audit trail. Every service records its write here, inside the same transaction.

Each event's hash covers its content and the previous event's hash, so editing or deleting any
row breaks the chain; `liemchinh audit_verify` walks it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from liemchinh.core.models import AuditEvent

GENESIS_HASH = "0" * 64
# Any 64-bit constant: the transaction-scoped advisory lock that serialises chain appends on PostgreSQL.
_PG_LOCK_KEY = 7_241_108_563


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _storable(value: Any) -> Any:
    """A value that comes back from both databases' JSON columns exactly as it went in.

    Floats become strings: PostgreSQL's jsonb keeps numbers as `numeric`, so 1e20 would come back
    as the integer 100000000000000000000 and -0.0 as 0, and the hash would no longer recompute.
    NUL characters are replaced: PostgreSQL refuses them in text and jsonb.
    """
    if isinstance(value, dict):
        return {str(key).replace("\x00", "\ufffd"): _storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    return value


def normalise_changes(changes: dict | None) -> dict:
    """JSON-safe copy of a changes dict (dates, decimals and floats as strings), as it will be stored."""
    return json.loads(canonical_json(_storable(changes or {})))


def _clean_text(value: Any, limit: int | None = None) -> str:
    text = str(value).replace("\x00", "\ufffd")
    return text[:limit] if limit else text


def event_hash(*, prev_hash: str, at: dt.datetime, actor_id: int | None, actor_label: str, action: str,
               object_type: str, object_id: str, object_repr: str, organization_id: int | None,
               changes: dict, reason: str) -> str:
    payload = canonical_json(
        {
            "prev": prev_hash,
            "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor": actor_id,
            "actor_label": actor_label,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "object_repr": object_repr,
            "org": organization_id,
            "changes": changes,
            "reason": reason,
        }
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def hash_of(event: AuditEvent) -> str:
    return event_hash(
        prev_hash=event.prev_hash, at=event.at, actor_id=event.actor_id, actor_label=event.actor_label,
        action=event.action, object_type=event.object_type, object_id=event.object_id,
        object_repr=event.object_repr, organization_id=event.organization_id, changes=event.changes,
        reason=event.reason,
    )


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    # SQLite: transactions are IMMEDIATE (config/env.py), so writers are already serialised.


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """The values of `fields` of `obj`, for a before/after diff."""
    return {name: getattr(obj, name) for name in fields}


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


def audit_record(*, actor, action: str, obj: models.Model | None = None, object_type: str = "",
                 object_id: str | int = "", object_repr: str = "", organization=None,
                 changes: dict | None = None, reason: str = "") -> AuditEvent:
    """Append one event to the chain. Call it inside the service's transaction.

    `action` is a dotted verb ("org.create", "petition.identity_reveal"); `changes` is what changed
    ({field: [old, new]} or the created values). Never put a secret or a protected identity in it.
    Without `organization`, the event belongs to `obj`'s body (the body itself for an
    Organization, else `obj.organization_id` when the model has one); events without a body are
    shown only to inspectorate leaders and administrators.
    """
    if not action:
        raise ValueError("audit_record needs an action")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id not in ("", None) else obj.pk
        object_repr = object_repr or str(obj)
        if organization is None:
            if obj._meta.label_lower == "core.organization":
                organization = obj.pk
            else:
                organization = getattr(obj, "organization_id", None)
    organization_id = getattr(organization, "pk", organization)
    actor_id = getattr(actor, "pk", None) if actor is not None and getattr(actor, "is_authenticated", False) else None
    if actor_id:
        actor_label = actor.get_username()
    elif actor is None or getattr(actor, "is_system", False):
        actor_label = "system"
    else:
        actor_label = "anonymous"
    changes = normalise_changes(changes)
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        prev_hash = last or GENESIS_HASH
        # Microsecond precision is kept by both databases, so the hash recomputes exactly.
        at = timezone.now()
        fields = {
            "at": at, "actor_id": actor_id, "actor_label": _clean_text(actor_label, 200),
            "action": _clean_text(action), "object_type": _clean_text(object_type),
            "object_id": _clean_text(object_id), "object_repr": _clean_text(object_repr, 255),
            "organization_id": organization_id, "changes": changes, "reason": _clean_text(reason or ""),
        }
        digest = event_hash(prev_hash=prev_hash, **fields)
        return AuditEvent.objects.create(prev_hash=prev_hash, hash=digest, **fields)


def audit_log_export(*, actor, filters: dict) -> None:
    """Record that `actor` exported the audit log with `filters` (the export itself is a read
    through selectors.audit.audit_events_for). Who: core.audit.view."""
    from liemchinh.core.permissions import require_perm

    require_perm(actor, "core.audit.view")
    with transaction.atomic():
        audit_record(actor=actor, action="audit.export", object_type="core.auditevent",
                     changes={"filters": filters})
