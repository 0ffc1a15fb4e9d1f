"""In-app notifications, optionally e-mailed by a background job once the transaction commits.

Other apps' services call `notify` as a side effect of their own write (a task assigned, a
deadline near, a petition forwarded); it records no audit event of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from liemchinh.core.models import Notification, User

KINDS = ("info", "success", "warning", "danger")


def _recipients(recipients) -> list[User]:
    if isinstance(recipients, User):
        recipients = [recipients]
    if isinstance(recipients, QuerySet):
        users = list(recipients.filter(is_active=True).order_by("pk"))
    else:
        users = [user for user in recipients if user is not None and getattr(user, "is_active", False)]
    unique: dict[int, User] = {}
    for user in users:
        unique.setdefault(user.pk, user)
    return list(unique.values())


def notify(*, recipients: Iterable[User] | QuerySet | User, title: str, body: str = "", url: str = "",
           kind: str = "info", email: bool = False) -> list[Notification]:
    """One notification per active recipient (each user once). With email=True an e-mail job is
    enqueued when the surrounding transaction commits (never for a rolled-back write)."""
    title = " ".join(str(title).split())[:255]
    if not title:
        raise ValueError("notify needs a title")
    if url and not (url.startswith("/") and not url.startswith("//")):
        raise ValueError("notification links are site paths such as /staff/plans/1/")
    kind = kind if kind in KINDS else "info"
    with transaction.atomic():
        created = Notification.objects.bulk_create(
            [Notification(recipient=user, title=title, body=body, url=url, kind=kind)
             for user in _recipients(recipients)]
        )
        if email and created:
            ids = [n.pk for n in created]

            def enqueue() -> None:
                from liemchinh.core.tasks import send_notification_emails

                send_notification_emails.enqueue(ids)

            transaction.on_commit(enqueue)
    return created


def notifications_mark_read(*, actor, ids: Iterable[int] | None = None) -> int:
    """Mark `actor`'s own notifications read (all unread ones when ids is None). Returns how many."""
    if not getattr(actor, "is_authenticated", False):
        return 0
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
