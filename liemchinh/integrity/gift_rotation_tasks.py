"""Background job of the gift register and position rotation (django-tasks), scheduled once a day
(settings.SCHEDULED_JOBS): late gifts are reminded once each; rotation digests go out on the first
day of the month. Idempotent (services/reminders.py)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def send_gift_rotation_reminders(day: str | None = None) -> dict:
    """`day` is an ISO date (default: today)."""
    from liemchinh.core.permissions import SYSTEM
    from liemchinh.integrity.services.reminders import gift_reminders_run, rotation_reminders_run

    today = dt.date.fromisoformat(day) if day else None
    return {
        "gifts": gift_reminders_run(actor=SYSTEM, today=today),
        "rotation": rotation_reminders_run(actor=SYSTEM, today=today),
    }
