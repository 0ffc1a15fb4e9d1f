"""Background jobs of the plans app (django-tasks). Schedule `send_plan_reminders` once a day
(cron or the worker's scheduler): it is idempotent per day."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def send_plan_reminders(day: str | None = None) -> dict:
    """Remind bodies of tasks near their due date and of overdue tasks (plans.services.reminders_run).
    `day` is an ISO date (default: today)."""
    from liemchinh.core.permissions import SYSTEM
    from liemchinh.plans.services import reminders_run

    today = dt.date.fromisoformat(day) if day else None
    return reminders_run(actor=SYSTEM, today=today)
