"""The staff home page: who I am, where I can go, what is new for me."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from liemchinh.core.permissions import has_perm

try:  # the audit area's selector, when present
    from liemchinh.core.selectors.audit import recent_events
except ImportError:  # pragma: no cover - until the audit area ships its selector
    recent_events = None

UNREAD_SHOWN = 5
AUDIT_SHOWN = 8


def _recent_audit_events(actor, limit: int):
    """The latest audit events on bodies the actor may audit (global roles: all)."""
    if recent_events is not None:
        return list(recent_events(actor, limit))
    from liemchinh.core.models import AuditEvent
    from liemchinh.core.permissions import org_scope_q

    scope = org_scope_q(actor, "core.audit.view", "organization")
    return list(AuditEvent.objects.filter(scope).select_related("organization").order_by("-id")[:limit])


def _unread_notifications(user, limit: int):
    return list(user.notifications.filter(read_at__isnull=True).order_by("-created_at")[:limit])


@login_required
def dashboard(request):
    user = request.user
    may_audit = has_perm(user, "core.audit.view")
    context = {
        "unread": _unread_notifications(user, UNREAD_SHOWN),
        "may_audit": may_audit,
        "audit_events": _recent_audit_events(user, AUDIT_SHOWN) if may_audit else [],
    }
    return render(request, "core/dashboard.html", context)
