"""The demo's registries for conflict-of-interest control (data/integrity/, described in its
README.md): about forty officials of the demo province's bodies with their posts and relatives,
fifteen enterprises with their people and thirty contracts, with one planted case of each rule and
a few decoys. Imported through the same service as `liemchinh integrity_import`.

Loading is idempotent: when the last successful import already holds these exact files (same
SHA-256), nothing is imported again; otherwise the import itself writes only what changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

INTEGRITY_DIR = Path(__file__).resolve().parent / "data" / "integrity"


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def load_demo_integrity(stdout=None):
    """Import the demo registries unless the same files were imported already. Returns the run, or
    None when nothing had to be done."""
    from liemchinh.core.permissions import SYSTEM
    from liemchinh.integrity.importing import sources_from_path
    from liemchinh.integrity.models import ImportRun
    from liemchinh.integrity.services.importing import registry_import

    sources = sources_from_path(INTEGRITY_DIR)
    hashes = sorted(hashlib.sha256(source.content).hexdigest() for source in sources)
    last = ImportRun.objects.filter(status=ImportRun.Status.DONE).order_by("-pk").first()
    if last is not None and sorted(f.get("sha256", "") for f in last.files or []) == hashes:
        _say(stdout, "Sổ liệu kiểm soát xung đột lợi ích: đã nhập, không đổi.")
        return None
    run = registry_import(actor=SYSTEM, sources=sources)
    created = sum(c["created"] for c in run.counts.values())
    updated = sum(c["updated"] for c in run.counts.values())
    _say(stdout, f"Sổ liệu kiểm soát xung đột lợi ích: {created} dòng mới, {updated} cập nhật.")
    return run
