"""Background jobs of the integrity app (django-tasks)."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def import_registries(run_id: int) -> dict:
    """Import the files uploaded for ImportRun `run_id` (services.importing.registry_upload_start)
    as the person who uploaded them; the run records the outcome (counts or every error). The
    uploaded copies are deleted afterwards."""
    from liemchinh.core.errors import ImportFailed
    from liemchinh.core.permissions import SYSTEM
    from liemchinh.integrity.models import ImportRun
    from liemchinh.integrity.services.importing import (
        registry_import,
        registry_import_fail,
        stored_upload_delete,
        stored_upload_sources,
    )

    run = ImportRun.objects.select_related("actor").get(pk=run_id)
    if run.status != ImportRun.Status.RUNNING:
        return {"run": run.pk, "status": run.status}
    paths = [item.get("path") for item in run.files or [] if isinstance(item, dict)]
    actor = run.actor or SYSTEM
    try:
        registry_import(actor=actor, sources=stored_upload_sources(run), source=run.source, run=run)
    except ImportFailed:
        pass  # the run holds every error
    except Exception as exc:  # the page polling the run must not wait forever
        logger.exception("Registry import %s stopped", run.pk)
        registry_import_fail(run=run, message=f"Lần nhập dừng vì lỗi hệ thống: {exc.__class__.__name__}.")
    finally:
        stored_upload_delete(paths)
    run.refresh_from_db()
    return {"run": run.pk, "status": run.status, "counts": run.counts}


@task()
def run_scan(scan_id: int) -> dict:
    """Run the queued conflict-of-interest scan `scan_id` (services.scanning.scan_start); the run
    records its progress, counts or error."""
    from liemchinh.integrity.models import ScanRun
    from liemchinh.integrity.services.scanning import scan_execute

    run = ScanRun.objects.get(pk=scan_id)
    if run.status != ScanRun.Status.QUEUED:
        return {"scan": run.pk, "status": run.status}
    try:
        run = scan_execute(scan_id=scan_id)
    except Exception:  # the run holds the error; the page polling it stops waiting
        logger.exception("Scan %s stopped", scan_id)
        run.refresh_from_db()
    return {"scan": run.pk, "status": run.status, "counts": run.counts}
