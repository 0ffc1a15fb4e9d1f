"""`liemchinh audit_verify`: check that no audit event was edited or deleted."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from liemchinh.core.models import AuditEvent
from liemchinh.core.selectors.audit import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi hash của nhật ký hệ thống / Verify the audit log's hash chain. "
        "Exit 0 when intact, 1 at the first edited or deleted event."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="rows read per query")
        parser.add_argument("--progress-every", type=int, default=100_000,
                            help="report progress on stderr every N rows (0: never)")

    def handle(self, *args, **options):
        every = options["progress_every"]
        total = AuditEvent.objects.count() if every else 0

        def progress(done: int) -> None:
            self.stderr.write(f"… {done}/{total} sự kiện đã kiểm tra / events checked")

        report = audit_chain_verify(batch_size=max(1, options["batch_size"]),
                                    progress=progress if every else None, progress_every=every or 1)
        if not report.ok:
            raise CommandError(report.message, returncode=1)
        self.stdout.write(report.message)
