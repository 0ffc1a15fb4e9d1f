"""liemchinh org_export [--format csv|xlsx] [-o file]: the list of bodies in the import format."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from liemchinh.core.permissions import SYSTEM
from liemchinh.core.services.orgs import org_export


class Command(BaseCommand):
    help = "Xuất danh sách cơ quan, đơn vị (cùng định dạng với tệp nhập)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("-o", "--output", help="Tệp ghi ra (mặc định: đầu ra chuẩn, chỉ với CSV)")

    def handle(self, *args, **options):
        fmt = options["format"]
        content = org_export(actor=SYSTEM, fmt=fmt)
        output = options.get("output")
        if output:
            Path(output).write_bytes(content)
            self.stdout.write(f"Đã ghi {output}")
        elif fmt == "csv":
            self.stdout.write(content.decode("utf-8-sig"), ending="")
        else:
            sys.stdout.buffer.write(content)
