"""The staff home page: who I am, where I can go, what is new for me."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from liemchinh.core.permissions import has_perm
from liemchinh.core.selectors.audit import audit_events_for
from liemchinh.core.selectors.notifications import notifications_for

UNREAD_SHOWN = 5
AUDIT_SHOWN = 8


def recent_events(actor, limit: int) -> list:
    """The latest audit events `actor` may see (the audit selector's scope), newest first."""
    return list(audit_events_for(actor)[:limit])


@login_required
def dashboard(request):
    user = request.user
    may_audit = has_perm(user, "core.audit.view")
    context = {
        "unread": list(notifications_for(user, unread_only=True)[:UNREAD_SHOWN]),
        "may_audit": may_audit,
        "audit_events": recent_events(user, AUDIT_SHOWN) if may_audit else [],
    }
    return render(request, "core/dashboard.html", context)
