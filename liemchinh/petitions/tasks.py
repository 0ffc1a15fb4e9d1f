"""Background jobs of the petitions app (django-tasks). Run `purge_expired_personal_data` once a
day (the scheduler or cron); it is idempotent."""

from __future__ import annotations

from django_tasks import task


@task()
def purge_expired_personal_data() -> dict:
    """Delete the personal data of cases past their retention period (services.retention_purge)
    and forget old tracking failures."""
    from liemchinh.core.permissions import SYSTEM
    from liemchinh.petitions.services import retention_purge, track_failures_prune

    return {"purged": retention_purge(actor=SYSTEM), "track_failures_pruned": track_failures_prune()}
