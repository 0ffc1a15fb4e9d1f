"""One conflict-of-interest scan over the demo registries, so that the demo opens with alerts to
look at (the planted cases of data/integrity/README.md), run through the same services as the
"Chạy quét" button, synchronously (no worker needed).

Idempotent: nothing is done when a finished scan is newer than the last successful import. A scan
that fails is reported and left as a failed run; the rest of the demo is kept.
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def scan_demo_registries(stdout=None):
    """Scan the registries when no finished scan has seen the last import. Returns the run or None."""
    from liemchinh.core.permissions import SYSTEM
    from liemchinh.integrity.models import ImportRun, ScanRun
    from liemchinh.integrity.services.scanning import scan_execute, scan_start

    last_import = ImportRun.objects.filter(status=ImportRun.Status.DONE).order_by("-pk").first()
    if last_import is None:
        return None
    last_scan = ScanRun.objects.filter(status=ScanRun.Status.DONE).order_by("-pk").first()
    if last_scan is not None and last_scan.created_at >= (last_import.finished_at or last_import.started_at):
        _say(stdout, "Quét xung đột lợi ích: đã quét sổ liệu hiện có, không quét lại.")
        return None
    run = scan_start(actor=SYSTEM, enqueue=False)
    try:
        with transaction.atomic():
            run = scan_execute(scan_id=run.pk)
    except Exception as exc:  # the demo stays usable; the run records the error
        logger.exception("Demo scan failed")
        ScanRun.objects.filter(pk=run.pk).update(
            status=ScanRun.Status.FAILED, error=f"{exc.__class__.__name__}: {exc}"[:2000]
        )
        _say(stdout, f"Quét xung đột lợi ích: không thành công ({exc.__class__.__name__}).")
        return None
    total = run.counts.get("alerts_total", 0)
    _say(stdout, f"Quét xung đột lợi ích: {total} cảnh báo.")
    return run
