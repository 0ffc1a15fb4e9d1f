"""liemchinh integrity_scan [--out FILE.jsonl] [--from-dir DIR] [--resolver splink|exact] [--as-of DATE]

Runs the five conflict-of-interest rules and prints the number of alerts per rule (progress and
timings on stderr unless --quiet).

- Without --from-dir: scans the registries stored by `integrity_import` (services.scanning: a
  ScanRun, alerts upserted with their decisions kept, links, audit); --out then writes the active
  alerts, one contract line each.
- With --from-dir DIR: reads the contract files of DIR straight into DuckDB and scans them without
  touching the database (benchmarks, national-scale files); --out writes the alerts raised.
  --memory-limit / --threads / --temp-dir bound DuckDB (it spills to the temporary directory).

Output lines are exactly the contract's (rule, official_id, org_code, counterpart, score, evidence,
explanation); --with-chain adds the "chain" graph the pages draw.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from liemchinh.core.errors import DomainError
from liemchinh.core.permissions import SYSTEM
from liemchinh.integrity import rules as R

CONTRACT_FIELDS = ("rule", "official_id", "org_code", "counterpart", "score", "evidence", "explanation")


def write_jsonl(path: Path, alerts, with_chain: bool = False) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for alert in alerts:
            line = {k: alert[k] for k in CONTRACT_FIELDS}
            if with_chain:
                line["chain"] = alert.get("chain") or {}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
    return count


def summary_table(per_rule: dict) -> str:
    width = max(len(r) for r in R.RULE_CODES)
    lines = [f"{'quy tắc':<{width}}  {'cảnh báo':>8}"]
    lines += [f"{rule:<{width}}  {per_rule.get(rule, 0):>8}" for rule in R.RULE_CODES]
    lines.append(f"{'tổng':<{width}}  {sum(per_rule.values()):>8}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Quét xung đột lợi ích (5 quy tắc) trên sổ liệu đã nhập hoặc trực tiếp trên thư mục CSV."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="Ghi cảnh báo ra tệp JSON Lines (định dạng của hợp đồng dữ liệu)")
        parser.add_argument("--from-dir", help="Quét thẳng các tệp CSV của thư mục, không dùng cơ sở dữ liệu")
        parser.add_argument(
            "--resolver",
            choices=("splink", "exact"),
            default="splink",
            help="Phương pháp đối chiếu người (mặc định splink; exact là mức cơ sở)",
        )
        parser.add_argument("--as-of", help="Ngày quét YYYY-MM-DD (mặc định hôm nay)")
        parser.add_argument("--with-chain", action="store_true", help="Ghi thêm chuỗi liên kết (chain)")
        parser.add_argument("--actor", help="Tên đăng nhập của người quét (mặc định: hệ thống)")
        parser.add_argument("--memory-limit", help="Giới hạn bộ nhớ DuckDB, ví dụ 8GB (với --from-dir)")
        parser.add_argument("--threads", type=int, help="Số luồng DuckDB (với --from-dir)")
        parser.add_argument(
            "--temp-dir", help="Thư mục tạm của DuckDB khi vượt giới hạn bộ nhớ (với --from-dir)"
        )
        parser.add_argument("--quiet", action="store_true", help="Không in tiến độ")

    def _say(self, quiet: bool):
        start = time.monotonic()

        def say(stage, percent=None) -> None:
            if not quiet:
                tail = f" {percent}%" if percent is not None else ""
                self.stderr.write(f"[{time.monotonic() - start:7.1f}s] {stage}{tail}")

        return say

    def handle(self, *args, **options):
        as_of = None
        if options.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError(f"Ngày không hợp lệ: {options['as_of']} (cần YYYY-MM-DD)") from exc
        say = self._say(options["quiet"])
        out = Path(options["out"]) if options.get("out") else None
        if options.get("from_dir"):
            per_rule = self._from_dir(Path(options["from_dir"]), options, as_of, out, say)
        else:
            per_rule = self._stored(options, as_of, out, say)
        self.stdout.write(summary_table(per_rule))

    def _from_dir(self, directory: Path, options, as_of, out, say) -> dict:
        from liemchinh.integrity.engine import tables
        from liemchinh.integrity.engine.resolve import resolve
        from liemchinh.integrity.engine.scan import scan

        if not directory.is_dir():
            raise CommandError(f"Không có thư mục {directory}")
        con = tables.connect(
            memory_limit=options.get("memory_limit"),
            threads=options.get("threads"),
            temp_directory=options.get("temp_dir"),
        )
        try:
            begin = time.monotonic()
            rows = tables.load_from_dir(con, directory)
            say(f"Nạp sổ liệu: {sum(rows.values()):,} dòng ({time.monotonic() - begin:.1f} giây)")
            begin = time.monotonic()
            figures = resolve(
                con, method=options["resolver"], progress=lambda stage, p: say(f"Đối chiếu: {stage}", p)
            )
            say(
                f"Đối chiếu người: {figures.get('links', 0):,} liên kết ({time.monotonic() - begin:.1f} giây)"
            )
            begin = time.monotonic()
            alerts = scan(con, as_of=as_of, progress=lambda rule, p: say(f"Quy tắc {rule}", p))
            say(f"Quét: {len(alerts):,} cảnh báo ({time.monotonic() - begin:.1f} giây)")
        finally:
            con.close()
        if out:
            write_jsonl(out, alerts, options["with_chain"])
        return dict(Counter(a["rule"] for a in alerts))

    def _stored(self, options, as_of, out, say) -> dict:
        from liemchinh.integrity.models import Alert
        from liemchinh.integrity.services.scanning import scan_execute, scan_start

        actor = SYSTEM
        if options.get("actor"):
            from liemchinh.core.models import User

            actor = User.objects.filter(username__iexact=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{options['actor']}”.")
        try:
            run = scan_start(actor=actor, as_of=as_of, resolver=options["resolver"], enqueue=False)
            run = scan_execute(scan_id=run.pk, progress=say)
        except (DomainError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        timings = run.counts.get("timings", {})
        say("Thời gian: " + ", ".join(f"{k} {v:.1f}s" for k, v in timings.items()))
        if out:
            alerts = (
                {
                    "rule": a.rule,
                    "official_id": a.official_id,
                    "org_code": a.org_code,
                    "counterpart": a.counterpart,
                    "score": a.score,
                    "evidence": a.evidence,
                    "explanation": a.explanation,
                    "chain": a.chain,
                }
                for a in Alert.objects.filter(active=True)
                .order_by("rule", "official_id", "org_code", "pk")
                .iterator(chunk_size=2000)
            )
            write_jsonl(out, alerts, options["with_chain"])
        self.stderr.write(
            f"Lần quét #{run.pk}: {run.counts.get('new', 0)} cảnh báo mới, "
            f"{run.counts.get('deactivated', 0)} không còn phát hiện."
        )
        return run.counts.get("alerts", {})
