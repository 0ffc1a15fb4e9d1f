"""Time the petitions inbox at scale: 1,000,000 petitions over 200 bodies, inserted set-based
(bulk_create in batches), then the server time of the inbox pages through the Django test client
(median of N runs): the province-wide first page, a page deep in the list (keyset "next page"),
filters by kind and status, a body's focal point, the overdue filter, the case page and the
dashboards of a body and of the province (this year, the default period, and all five years), and
once the province dashboard as the first request of the day (overdue verdicts not yet cached).

    .venv/bin/python benchmarks/bench_petitions_inbox.py                       # SQLite (a temporary file)
    DATABASE_URL=postgres://user:pass@host/db .venv/bin/python benchmarks/bench_petitions_inbox.py
    .venv/bin/python benchmarks/bench_petitions_inbox.py --petitions 100000 --runs 9

A fresh test database is created and destroyed (for PostgreSQL: "test_<name>", so the role needs
CREATEDB). Nothing of an existing database is touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from _harness import (
    analyze,
    make_province,
    make_timed_people,
    print_timings,
    setup_django,
    throwaway_database,
)

BODIES = 200
NO_SECRET = "-"  # noqa: S105  (no tracking secret: these petitions are never tracked)
BATCH = 10_000
KINDS = ["feedback", "recommendation", "complaint", "denunciation", "harassment"]
CHANNELS = ["web", "hotline", "mail", "email", "citizen_reception"]
FIELDS = ["Đất đai", "Xây dựng", "Giáo dục", "Y tế", "Tài chính", "Giao thông", ""]
# Most petitions of past years are done; the recent ones are still open.
DONE = ["closed", "published", "resolved", "returned", "forwarded"]
OPEN = ["received", "classified", "accepted", "investigating"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20261122)
    return parser.parse_args()


def fill(total: int, seed: int):
    """Bodies under a province, `total` petitions received over five years in date order; returns
    the people whose pages are timed and a petition to open."""
    from django.db import transaction

    from liemchinh.petitions.models import Petition

    rng = random.Random(seed)
    today = dt.date.today()
    start = today - dt.timedelta(days=5 * 365)
    with transaction.atomic():
        province, inspectorate, bodies = make_province(BODIES, batch=BATCH, with_inspectorate=True)
        body_ids = [b.pk for b in bodies] + [inspectorate.pk] * 20
        span = (today - start).days

    for offset in range(0, total, BATCH):
        rows = []
        for i in range(offset, min(total, offset + BATCH)):
            received = start + dt.timedelta(days=span * i // total)
            recent = (today - received).days < 90
            status = rng.choice(OPEN) if recent or rng.random() < 0.03 else rng.choice(DONE)
            kind = rng.choice(KINDS)
            org = rng.choice(body_ids)
            rows.append(Petition(
                kind=kind, channel=rng.choice(CHANNELS), status=status, tracking_code=f"{10**15 + i}",
                secret_hash=NO_SECRET, content=f"Đơn số {i}: phản ánh việc giải quyết hồ sơ chậm, yêu cầu nộp thêm "
                                         f"giấy tờ không đúng quy định tại bộ phận một cửa.",
                field=rng.choice(FIELDS), anonymous=kind == "feedback" and rng.random() < 0.3,
                organization_id=org, received_by_id=inspectorate.pk, received_on=received,
                classified_on=received if status != "received" else None,
                accepted_on=received + dt.timedelta(days=5) if status in ("accepted", "investigating", "resolved",
                                                                          "published", "closed") else None,
                resolved_on=received + dt.timedelta(days=40) if status in ("resolved", "published", "closed")
                else None,
                competent=status not in ("forwarded", "returned", "received")))
        with transaction.atomic():
            Petition.objects.bulk_create(rows, batch_size=BATCH)

    officer, focal = make_timed_people(province, bodies[-1])
    sample = Petition.objects.filter(status="investigating").order_by("-pk").first()
    return officer, focal, sample, Petition.objects.count()


def main() -> None:
    args = parse_args()
    setup_django()
    from django.urls import reverse

    with throwaway_database("bench_petitions.sqlite3") as connection:
        began = time.perf_counter()
        officer, focal, sample, count = fill(args.petitions, args.seed)
        fill_seconds = time.perf_counter() - began
        analyze(connection)
        if connection.vendor == "postgresql":
            # The steady state after autovacuum (which PostgreSQL runs on insert-heavy tables by
            # itself): the visibility map is set, so covering indexes allow index-only scans.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE petitions_petition")
        print(f"database: {connection.vendor}  petitions: {count:,}  fill: {fill_seconds:.1f} s  "
              f"runs: {args.runs} (median)")
        inbox = reverse("petitions:inbox")
        deep_after = sample.pk - count // 2 if sample else count // 2
        pages = [
            ("inbox (province), first page", officer, inbox),
            ("inbox, a page half-way down", officer, f"{inbox}?after={deep_after}"),
            ("inbox, kind + status filter", officer, f"{inbox}?kind=denunciation&status=investigating"),
            ("inbox, received date range", officer, f"{inbox}?received_from=01/01/{dt.date.today().year - 2}"
                                                    f"&received_to=31/03/{dt.date.today().year - 2}"),
            ("inbox, overdue filter", officer, f"{inbox}?overdue=on"),
            ("inbox (a commune's focal point)", focal, inbox),
            ("dashboard (a commune, this year)", focal, reverse("petitions:dashboard")),
            ("dashboard (province, this year)", officer, reverse("petitions:dashboard")),
            ("dashboard (province, five years)", officer,
             f"{reverse('petitions:dashboard')}?date_from=01/01/{dt.date.today().year - 5}"),
        ]
        if sample is not None:
            pages.append(("case page", officer, reverse("petitions:case", args=[sample.pk])))
        print_timings(pages, args.runs)
        print_first_dashboard(officer, reverse("petitions:dashboard"))


def print_first_dashboard(officer, url: str) -> None:
    """The province dashboard's first request of the day in a process: the overdue verdicts of the
    clock's fact groups are computed, then kept for the day (staff_selectors._verdicts)."""
    from django.test import Client

    from liemchinh.petitions import staff_selectors

    client = Client()
    client.force_login(officer)
    staff_selectors._VERDICT_CACHE.update(key=None, verdicts={})
    begin = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - begin) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    print(f"  {'dashboard (province), cold':<36} {elapsed:8.1f} ms   (one request, verdicts not cached)")


if __name__ == "__main__":
    main()
