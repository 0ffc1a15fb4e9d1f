"""Background jobs of the core app (django-tasks: the database backend in production, run by
`liemchinh db_worker`; the immediate backend in tests)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification to its recipient once (those without an address are skipped).
    Returns how many were sent. Safe to run twice: sent ones carry `emailed_at`."""
    from liemchinh.core.models import Notification

    sent = 0
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    site_name = getattr(settings, "SITE_NAME", "Liêm Chính")
    pending = (Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
               .select_related("recipient").order_by("pk"))
    for notification in pending:
        address = notification.recipient.email
        if not address or not notification.recipient.is_active:
            continue
        lines = [notification.body] if notification.body else []
        if notification.url:
            lines.append(f"{base_url}{notification.url}" if notification.url.startswith("/") else notification.url)
        subject = f"[{site_name}] {notification.title}".replace("\n", " ").replace("\r", " ")[:200]
        send_mail(subject, "\n\n".join(lines) or notification.title, None, [address])
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
