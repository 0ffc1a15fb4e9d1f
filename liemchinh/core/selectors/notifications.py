"""Reads of a person's own notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from liemchinh.core.models import Notification


def notifications_for(actor, *, unread_only: bool = False) -> QuerySet[Notification]:
    if not getattr(actor, "is_authenticated", False):
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient=actor)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def unread_count(actor) -> int:
    return notifications_for(actor, unread_only=True).count()
