"""Reads of the audit trail: the scoped event list for the audit pages and the chain check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from liemchinh.core.errors import NotFoundError
from liemchinh.core.models import AuditEvent
from liemchinh.core.permissions import SystemActor, org_scope_q, require_perm, user_roles
from liemchinh.core.roles import Role
from liemchinh.core.services.audit import GENESIS_HASH, hash_of

AUDIT_VIEW = "core.audit.view"
# Events that belong to no body (sign-ins, system jobs, settings) are for these roles only.
_BODYLESS_ROLES = {str(Role.SYSTEM_ADMIN), str(Role.INSPECTORATE_LEADER)}


def _scope(actor) -> Q:
    require_perm(actor, AUDIT_VIEW)
    scope = org_scope_q(actor, AUDIT_VIEW, "organization")
    if not scope:  # an empty Q: a global role or the system actor sees everything
        return scope
    if isinstance(actor, SystemActor) or user_roles(actor) & _BODYLESS_ROLES:
        scope |= Q(organization__isnull=True)
    return scope


def audit_events_for(actor, *, actor_text: str = "", action: str = "", object_type: str = "",
                     organization=None, date_from: dt.date | None = None,
                     date_to: dt.date | None = None) -> QuerySet[AuditEvent]:
    """Events `actor` may see, newest first, narrowed by the page's filters.

    Dates are local calendar days (Asia/Ho_Chi_Minh), both ends included.
    """
    events = AuditEvent.objects.filter(_scope(actor)).select_related("organization")
    if actor_text:
        events = events.filter(actor_label__icontains=actor_text.strip())
    if action:
        events = events.filter(action__istartswith=action.strip())
    if object_type:
        events = events.filter(object_type=object_type)
    if organization is not None:
        events = events.filter(organization=organization)
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to:
        events = events.filter(at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return events.order_by("-id")


def audit_object_types(actor) -> list[str]:
    """The object types present in what `actor` may see (for the filter's choices)."""
    return list(
        AuditEvent.objects.filter(_scope(actor)).exclude(object_type="")
        .order_by("object_type").values_list("object_type", flat=True).distinct()
    )


def audit_event_get(actor, event_id: int) -> AuditEvent:
    event = AuditEvent.objects.filter(_scope(actor)).select_related("organization", "actor").filter(pk=event_id).first()
    if event is None:
        raise NotFoundError("Không tìm thấy sự kiện trong nhật ký.")
    return event


@dataclass
class ChainReport:
    """What `audit_chain_verify` found. `ok` is False at the first broken link."""

    ok: bool
    checked: int
    last_hash: str
    broken_id: int | None = None
    problem: str = ""  # "edited" | "link"
    previous_id: int | None = None

    @property
    def message(self) -> str:
        if self.ok:
            return f"OK: {self.checked} sự kiện / events, hash cuối / head hash {self.last_hash}"
        if self.problem == "edited":
            return (
                f"LỖI: sự kiện #{self.broken_id} đã bị sửa (hash không khớp nội dung).\n"
                f"ERROR: event #{self.broken_id} was altered (its hash does not match its content)."
            )
        before = f"#{self.previous_id}" if self.previous_id else "đầu chuỗi / the start of the chain"
        return (
            f"LỖI: chuỗi bị đứt tại sự kiện #{self.broken_id}: prev_hash không khớp với {before} "
            f"(có sự kiện bị xóa hoặc bị sửa trước nó).\n"
            f"ERROR: the chain is broken at event #{self.broken_id}: prev_hash does not match "
            f"{before if self.previous_id else 'the start of the chain'} "
            f"(an event before it was deleted or rewritten)."
        )


def audit_chain_verify(*, batch_size: int = 2000, progress: Callable[[int], None] | None = None,
                       progress_every: int = 100_000) -> ChainReport:
    """Walk the whole chain in id order, in batches by id (constant memory on any log size),
    recomputing every hash. Stops at the first broken link: a row whose hash does not match its
    content (edited), or whose prev_hash is not its predecessor's hash (a row before it was
    deleted, or rewritten with a recomputed hash). Deleting the newest rows cannot be seen from
    the chain alone: compare the head hash with one kept elsewhere."""
    expected_prev = GENESIS_HASH
    previous_id = None
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if hash_of(event) != event.hash:
                return ChainReport(False, checked, expected_prev, event.pk, "edited", previous_id)
            if event.prev_hash != expected_prev:
                return ChainReport(False, checked, expected_prev, event.pk, "link", previous_id)
            expected_prev = event.hash
            previous_id = event.pk
            checked += 1
            if progress is not None and checked % progress_every == 0:
                progress(checked)
        last_id = batch[-1].pk
    return ChainReport(True, checked, expected_prev)
