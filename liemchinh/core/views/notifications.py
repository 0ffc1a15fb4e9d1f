"""A person's notifications: the list, marking read, and the bell's unread counter (HTMX)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from liemchinh.core.selectors.notifications import notifications_for, unread_count
from liemchinh.core.services.notifications import notifications_mark_read


@login_required
@require_GET
def notification_list(request):
    return _render_list(request)


def _render_list(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(notifications_for(request.user, unread_only=unread_only), 30).get_page(request.GET.get("page"))
    context = {"page_obj": page, "notifications": page.object_list, "unread_only": unread_only,
               "unread_total": unread_count(request.user)}
    template = "core/notifications/partials/list.html" if request.htmx else "core/notifications/list.html"
    return render(request, template, context)


@login_required
@require_POST
def notification_mark_read(request, pk: int):
    """Mark one read; then follow its link when asked (?next=open), else back to the list."""
    notifications_mark_read(actor=request.user, ids=[pk])
    if request.POST.get("open"):
        notification = notifications_for(request.user).filter(pk=pk).first()
        if notification and notification.url and url_has_allowed_host_and_scheme(
                notification.url, allowed_hosts={request.get_host()}):
            return redirect(notification.url)
    if request.htmx:
        return _render_list(request)
    return redirect("core:notification_list")


@login_required
@require_POST
def notification_mark_all_read(request):
    notifications_mark_read(actor=request.user)
    if request.htmx:
        return _render_list(request)
    return redirect("core:notification_list")


@login_required
@require_GET
def notification_badge(request):
    response = render(request, "includes/notification_badge.html", {"count": unread_count(request.user)})
    response["Cache-Control"] = "no-store"
    return response
