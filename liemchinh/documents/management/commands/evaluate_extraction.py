"""`liemchinh evaluate_extraction DOCS_DIR TRUTH_DIR`: score the reader against hand-made truth
(files matched by name without extension)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from liemchinh.documents.extraction import ExtractionError, extract_file
from liemchinh.documents.extraction.evaluate import Report, render

SUFFIXES = {".txt", ".docx", ".pdf", ".html", ".htm"}


class Command(BaseCommand):
    help = "Chấm kết quả trích xuất văn bản so với dữ liệu chuẩn (độ chính xác, precision/recall/F1)."

    def add_arguments(self, parser):
        parser.add_argument("docs_dir")
        parser.add_argument("truth_dir")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, **options):
        docs_dir, truth_dir = Path(options["docs_dir"]), Path(options["truth_dir"])
        if not docs_dir.is_dir() or not truth_dir.is_dir():
            raise CommandError("Thư mục văn bản hoặc thư mục dữ liệu chuẩn không tồn tại.")
        report = Report()
        for path in sorted(p for p in docs_dir.iterdir() if p.suffix.lower() in SUFFIXES):
            truth_path = truth_dir / f"{path.stem}.json"
            if not truth_path.exists():
                continue
            want = json.loads(truth_path.read_text(encoding="utf-8"))
            try:
                got = extract_file(path)
            except ExtractionError as exc:
                self.stderr.write(str(exc))
                got = {}
            report.add(path.stem, got, want)
        if not report.documents:
            raise CommandError("Không có văn bản nào có dữ liệu chuẩn cùng tên.")
        summary = report.summary()
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render(summary))
