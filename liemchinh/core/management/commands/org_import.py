"""liemchinh org_import <file.csv|file.xlsx>: import the list of bodies as the operator (SYSTEM)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liemchinh.core.errors import ImportFailed
from liemchinh.core.permissions import SYSTEM
from liemchinh.core.services.orgs import org_import_file


class Command(BaseCommand):
    help = "Nhập danh sách cơ quan, đơn vị từ tệp CSV (UTF-8) hoặc Excel (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Đường dẫn tệp .csv hoặc .xlsx")

    def handle(self, *args, path: str, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"Không có tệp {source}")
        try:
            with source.open("rb") as handle:
                result = org_import_file(actor=SYSTEM, file=handle, filename=source.name)
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            raise CommandError(failure.message) from failure
        self.stdout.write(
            f"Thêm mới {result.created}, cập nhật {result.updated}, không đổi {result.unchanged}."
        )
