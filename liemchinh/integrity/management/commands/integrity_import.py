"""liemchinh integrity_import DIR [--actor USERNAME] [--quiet]: import the registries of the
integrity contract (the .csv files of DIR, or one .xlsx workbook) in one transaction.

Prints progress to stderr (unless --quiet), then a table of counts per file. On bad input prints
every error as "file row N, column: message", imports nothing and exits with status 2.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from liemchinh.core.errors import ImportFailed
from liemchinh.core.permissions import SYSTEM
from liemchinh.integrity.importing import sources_from_path
from liemchinh.integrity.services.importing import registry_import

STAGES = {"check": "Kiểm tra", "write": "Ghi"}
EXIT_BAD_INPUT = 2


def format_error(error) -> str:
    where = error.file or ""
    if error.row is not None:
        where += f" row {error.row}"
    if error.field:
        where += f", {error.field}"
    return f"{where.strip()}: {error.message}" if where.strip() else error.message


def format_counts(counts: dict) -> str:
    header = ("tệp", "mới", "cập nhật", "không đổi", "trùng lặp")
    rows = [header] + [
        (name, str(c["created"]), str(c["updated"]), str(c["unchanged"]), str(c["duplicates"]))
        for name, c in counts.items()
    ]
    totals = [sum(int(row[i]) for row in rows[1:]) for i in range(1, 5)]
    rows.append(("tổng", *map(str, totals)))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.insert(len(lines) - 1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Nhập sổ liệu kiểm soát xung đột lợi ích (organizations, officials, positions, relatives, "
        "enterprises, enterprise_people, contracts) từ một thư mục CSV hoặc một tệp Excel."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Thư mục chứa các tệp .csv, hoặc một tệp .xlsx")
        parser.add_argument("--actor", help="Tên đăng nhập của người nhập (mặc định: hệ thống)")
        parser.add_argument("--quiet", action="store_true", help="Không in tiến độ")

    def _progress(self, quiet: bool):
        if quiet:
            return None
        last = {"line": ""}

        def show(stage: str, done: int, total: int) -> None:
            percent = 100 * done // total if total else 100
            line = f"{STAGES.get(stage, stage)}: {percent}% ({done}/{total} dòng)"
            if line != last["line"]:
                last["line"] = line
                self.stderr.write(line)

        return show

    def handle(self, *args, path: str, actor: str | None = None, quiet: bool = False, **options):
        source = Path(path)
        if not source.exists():
            raise CommandError(f"Không có thư mục hoặc tệp {source}")
        user = SYSTEM
        if actor:
            from liemchinh.core.models import User

            user = User.objects.filter(username__iexact=actor, is_active=True).first()
            if user is None:
                raise CommandError(f"Không có người dùng “{actor}”.")
        started = time.monotonic()
        try:
            run = registry_import(
                actor=user, sources=sources_from_path(source), progress=self._progress(quiet)
            )
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(format_error(error))
            raise CommandError(
                f"{len(failure.errors)} lỗi; không dữ liệu nào được nhập.", returncode=EXIT_BAD_INPUT
            ) from failure
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(format_counts(run.counts))
        elapsed = time.monotonic() - started
        self.stdout.write(f"Lần nhập #{run.pk}: {run.rows_total} dòng trong {elapsed:.1f} giây.")
