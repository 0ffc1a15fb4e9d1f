"""liemchinh integrity_evaluate ALERTS TRUTH [--json]: precision, recall, F1 per rule and overall."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from liemchinh.integrity.evaluate import evaluate, format_table


class Command(BaseCommand):
    help = "So sánh cảnh báo (JSON Lines) với truth.jsonl: độ chính xác, độ phủ và F1 theo từng quy tắc."

    def add_arguments(self, parser):
        parser.add_argument("alerts", help="Tệp cảnh báo .jsonl (định dạng đầu ra của integrity_scan)")
        parser.add_argument("truth", help="Tệp truth.jsonl do integrity_synth ghi")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args, **options):
        try:
            result = evaluate(options["alerts"], options["truth"])
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_table(result))
