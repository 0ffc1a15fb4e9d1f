"""Time conflict-of-interest control end to end and measure its precision and recall per rule on
synthetic registries with planted conflicts (liemchinh/integrity/synth).

Province (default): a province of 50,000 officials (fixed seed) is generated into a temporary
directory, imported with `liemchinh integrity_import` into a throwaway SQLite database (the
harness), then scanned through the scan service (load from the database → entity resolution →
the five rules → alerts, links and run stored); the active alerts are compared with truth.jsonl.

    .venv/bin/python benchmarks/bench_integrity.py
    .venv/bin/python benchmarks/bench_integrity.py --officials 50000 --seed 1 --resolver exact

National (--national): 2,000,000 officials, 1,000,000 enterprises and 2,000,000 contracts, scanned
with `liemchinh integrity_scan --from-dir` (files straight into DuckDB: importing two million rows
into the application's database is not what is measured here), in a child process whose wall time
and peak resident memory are reported; DuckDB gets --memory-limit and a --temp-dir to spill to.

    .venv/bin/python benchmarks/bench_integrity.py --national [--dir /tmp/national] [--memory-limit 12GB]

--dir keeps the generated files there (and reuses them when truth.jsonl is already present).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import ROOT, setup_django, throwaway_database


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--national", action="store_true", help="2M officials through --from-dir")
    parser.add_argument("--officials", type=int, help="default 50,000 (province) or 2,000,000 (national)")
    parser.add_argument("--enterprises", type=int, help="default officials / 2")
    parser.add_argument("--contracts", type=int, help="default = officials")
    parser.add_argument("--seed", type=int, default=20251122)
    parser.add_argument("--resolver", choices=("splink", "exact"), default="splink")
    parser.add_argument("--dir", help="generate into (or reuse) this directory instead of a temporary one")
    parser.add_argument("--memory-limit", default="12GB", help="DuckDB memory limit (national)")
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (national)")
    return parser.parse_args()


def generate(directory: Path, officials: int, enterprises, contracts, seed: int) -> float:
    from liemchinh.integrity.synth.generator import SynthOptions, generate, stderr_progress

    if (directory / "truth.jsonl").is_file():
        print(f"  reusing {directory}")
        return 0.0
    begin = time.perf_counter()
    counts = generate(
        directory,
        SynthOptions(
            officials=officials,
            enterprises=enterprises,
            contracts=contracts,
            seed=seed,
            progress=stderr_progress,
        ),
    )
    elapsed = time.perf_counter() - begin
    rows = sum(v for k, v in counts.items() if k.endswith(".csv"))
    print(
        f"  generated {rows:,} rows ({counts['truth']:,} planted conflicts, {counts['decoys']:,} decoys) "
        f"in {elapsed:.1f} s"
    )
    return elapsed


def print_quality(alerts_path: Path, truth_path: Path) -> dict:
    from liemchinh.integrity.evaluate import evaluate, format_table

    result = evaluate(alerts_path, truth_path)
    print(format_table(result))
    return result


def province(args, directory: Path) -> None:
    from django.core.management import call_command

    from liemchinh.core.permissions import SYSTEM
    from liemchinh.integrity.models import Alert
    from liemchinh.integrity.services.scanning import scan_execute, scan_start

    officials = args.officials or 50_000
    print(f"Province: {officials:,} officials, seed {args.seed}, resolver {args.resolver}")
    generate(directory, officials, args.enterprises, args.contracts, args.seed)
    with throwaway_database("bench_integrity.sqlite3"):
        begin = time.perf_counter()
        call_command("integrity_import", str(directory), "--quiet", stdout=open(os.devnull, "w"))  # noqa: SIM115
        t_import = time.perf_counter() - begin

        begin = time.perf_counter()
        run = scan_start(actor=SYSTEM, resolver=args.resolver, enqueue=False)
        run = scan_execute(scan_id=run.pk)
        t_scan = time.perf_counter() - begin

        out = directory / f"alerts-{args.resolver}.jsonl"
        fields = ("rule", "official_id", "org_code", "counterpart", "score", "evidence", "explanation")
        with open(out, "w", encoding="utf-8") as handle:
            for row in Alert.objects.filter(active=True).values(*fields).iterator(chunk_size=2000):
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        stages = run.counts["timings"]
        print(f"  import (integrity_import)      {t_import:7.1f} s")
        for stage in ("load", "resolve", "rules", "store"):
            print(f"  scan: {stage:<24} {stages[stage]:7.1f} s")
        print(f"  import + scan                  {t_import + t_scan:7.1f} s   (target < 60 s)")
        print(
            f"  alerts {run.counts['alerts_total']:,}, links {run.counts['links']:,} "
            f"(kept {run.counts['links_kept']:,})"
        )
    print_quality(out, directory / "truth.jsonl")


def national(args, directory: Path) -> None:
    officials = args.officials or 2_000_000
    enterprises = args.enterprises or 1_000_000
    contracts = args.contracts or 2_000_000
    print(
        f"National: {officials:,} officials, {enterprises:,} enterprises, {contracts:,} contracts, "
        f"seed {args.seed}, resolver {args.resolver}, DuckDB memory limit {args.memory_limit}"
    )
    generate(directory, officials, enterprises, contracts, args.seed)
    out = directory / f"alerts-{args.resolver}.jsonl"
    with tempfile.TemporaryDirectory(prefix="lc-duckdb-spill-") as spill:
        command = [
            sys.executable,
            str(ROOT / "manage.py"),
            "integrity_scan",
            "--from-dir",
            str(directory),
            "--resolver",
            args.resolver,
            "--out",
            str(out),
            "--memory-limit",
            args.memory_limit,
            "--temp-dir",
            spill,
        ]
        if args.threads:
            command += ["--threads", str(args.threads)]
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test"),
        )
        begin = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, env=env)  # noqa: S603 - our own interpreter and script
        elapsed = time.perf_counter() - begin
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: KiB
    print(f"  integrity_scan --from-dir      {elapsed:7.1f} s   (target < 30 min)")
    print(f"  peak resident memory           {peak_kib / 1024 / 1024:7.2f} GiB (target < 16 GiB)")
    print_quality(out, directory / "truth.jsonl")


def main() -> None:
    args = parse_args()
    setup_django()
    if args.dir:
        directory = Path(args.dir)
        directory.mkdir(parents=True, exist_ok=True)
        (national if args.national else province)(args, directory)
        return
    with tempfile.TemporaryDirectory(prefix="lc-bench-integrity-") as tmp:
        (national if args.national else province)(args, Path(tmp))


if __name__ == "__main__":
    main()
