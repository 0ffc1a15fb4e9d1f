"""Daily jobs: which scheduled background jobs are due, and enqueueing each once a day.

django-tasks runs jobs but does not schedule them. `liemchinh run_scheduler` (started beside the
worker by `make run`, or one per deployment under systemd) enqueues each job of
settings.SCHEDULED_JOBS once a day at its local time. The once-a-day guarantee holds across several
scheduler processes because the claim is an atomic `cache.add` in the shared database cache; the
jobs themselves are idempotent per day as well.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ScheduledJob:
    task_path: str  # dotted path of a django-tasks Task
    at: dt.time  # local time (settings.TIME_ZONE)


def scheduled_jobs() -> list[ScheduledJob]:
    jobs = []
    for path, at in getattr(settings, "SCHEDULED_JOBS", []):
        hour, minute = (int(part) for part in at.split(":"))
        jobs.append(ScheduledJob(task_path=path, at=dt.time(hour, minute)))
    return jobs


def due_jobs(now_local: dt.datetime, jobs: list[ScheduledJob]) -> list[ScheduledJob]:
    """The jobs whose time of day has come on `now_local`'s date (claiming decides if they run)."""
    return [job for job in jobs if now_local.time() >= job.at]


def claim_key(job: ScheduledJob, day: dt.date) -> str:
    return f"scheduler:{job.task_path}:{day.isoformat()}"


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every due job not yet enqueued today. Returns the task paths enqueued."""
    now_local = timezone.localtime(now or timezone.now())
    enqueued = []
    for job in due_jobs(now_local, scheduled_jobs()):
        # add() is atomic: only the first scheduler to claim today's run enqueues it.
        if cache.add(claim_key(job, now_local.date()), now_local.isoformat(), timeout=3 * 24 * 3600):
            import_string(job.task_path).enqueue()
            enqueued.append(job.task_path)
    return enqueued
