"""`liemchinh petitions_rotate_keys`: re-encrypt every protected identity and identifying file
under the newest key of IDENTITY_KEYS. Put the new key first, run this, then remove the old key."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from liemchinh.petitions.services import rotate


class Command(BaseCommand):
    help = "Mã hóa lại danh tính người gửi đơn bằng khóa mới nhất (IDENTITY_KEYS)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size=500, **options):
        def progress(done: int) -> None:
            self.stderr.write(f"đã mã hóa lại {done} bản ghi")
            self.stderr.flush()

        total = rotate(batch_size=batch_size, progress=progress)
        self.stdout.write(f"Đã mã hóa lại {total} bản ghi bằng khóa mới nhất.")
